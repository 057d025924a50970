//! `GET|POST /reset-password?token=…`: the page the reset e-mail links to; sets a new
//! password with the link's single-use token. Every session is signed out, so the visitor
//! logs in again with the new password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use openlance_http::{AppState, ClientAddr};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::flash;
use crate::form::WebForm;

#[derive(Template, WebTemplate)]
#[template(path = "reset_password.html")]
pub struct ResetPage {
    ctx: Ctx,
    token: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    pub token: String,
}

pub async fn form(ctx: Ctx, Query(q): Query<TokenQuery>) -> ResetPage {
    ResetPage {
        ctx,
        token: q.token,
        error: None,
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddr(addr): ClientAddr,
    WebForm(f): WebForm<ResetForm>,
) -> Response {
    match state
        .accounts
        .reset_password(&f.token, &f.password, &addr)
        .await
    {
        Ok(()) => flash::ok(
            "/login",
            "Your password is changed. Log in with the new one.",
        ),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            ResetPage {
                ctx,
                token: f.token,
                error: Some(e.to_string()),
            },
        )
            .into_response(),
    }
}
