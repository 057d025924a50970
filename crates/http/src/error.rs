//! `ApiError`: every error leaves as RFC 9457 problem+json with a stable `code`.
//! Server errors are logged here and only here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openlance_core::{DomainError, Problem};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug)]
pub struct ApiError(pub Problem, pub Option<u64>);

impl ApiError {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Self(Problem::from_status(status.as_u16(), code, detail), None)
    }

    pub fn not_found(what: &'static str) -> Self {
        DomainError::NotFound(what).into()
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        if let DomainError::Internal(msg) = &e {
            tracing::error!(error = %msg, "internal error");
        }
        let retry = match &e {
            DomainError::RateLimited { retry_after_secs }
            | DomainError::Overloaded { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        Self(e.to_problem(), retry)
    }
}

impl From<sqlx_error::Error> for ApiError {
    fn from(e: sqlx_error::Error) -> Self {
        DomainError::from(e).into()
    }
}

/// Re-exported so handlers can use `?` on a commit.
mod sqlx_error {
    pub type Error = openlance_storage::SqlError;
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut res = (status, body).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.1 {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}
