//! `GET|POST /forgot-password`: asks for a password reset link. The answer is the same
//! whether or not the address has an account, so the page tells nobody who is a member.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use openlance_http::{AppState, ClientAddr};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::flash;
use crate::form::WebForm;

#[derive(Template, WebTemplate)]
#[template(path = "forgot_password.html")]
pub struct ForgotPage {
    ctx: Ctx,
}

pub async fn form(ctx: Ctx) -> ForgotPage {
    ForgotPage { ctx }
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    WebForm(f): WebForm<ForgotForm>,
) -> Response {
    match state.accounts.request_password_reset(&f.email, &addr).await {
        Ok(_) => flash::ok(
            "/login",
            "If an account has this address, we have e-mailed it a link to set a new password.",
        ),
        Err(e) => flash::error("/forgot-password", e.to_string()),
    }
}
