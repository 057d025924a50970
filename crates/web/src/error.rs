//! Errors on pages: rendered as the site's error page (404, 403, 409 …), never JSON.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use openlance_core::DomainError;

use crate::ctx::Ctx;

#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
}

impl WebError {
    pub fn status(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn not_found() -> Self {
        Self::status(
            StatusCode::NOT_FOUND,
            "There is nothing here. The page may have moved, or the link is wrong.",
        )
    }
}

impl From<DomainError> for WebError {
    fn from(e: DomainError) -> Self {
        let status = StatusCode::from_u16(e.to_problem().status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match e {
            DomainError::NotFound(_) => Self::not_found(),
            DomainError::Internal(msg) => {
                tracing::error!(error = %msg, "internal error on a page");
                Self::status(
                    status,
                    "Something went wrong on our side. It has been logged; please try again.",
                )
            }
            other => Self::status(status, other.to_string()),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: Ctx,
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let title = match self.status {
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::FORBIDDEN => "Not allowed",
            s if s.is_server_error() => "Something went wrong",
            _ => "That did not work",
        };
        let page = ErrorPage {
            ctx: Ctx::default(),
            title,
            message: &self.message,
        };
        let body = page.render().unwrap_or_else(|_| self.message.clone());
        (self.status, Html(body)).into_response()
    }
}

/// The site's 404 for every unknown path.
pub async fn not_found() -> WebError {
    WebError::not_found()
}
