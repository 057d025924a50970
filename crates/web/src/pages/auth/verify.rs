//! `GET|POST /verify-email?token=…`: the page the verification e-mail links to. Opening
//! it changes nothing (mail scanners open links); its button confirms the address. And
//! `POST /account/verify-email`: a signed-in visitor asks for a new link.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use openlance_http::{AppState, ClientAddr};
use serde::Deserialize;

use super::reset::TokenQuery;
use crate::ctx::{Ctx, SignedIn};
use crate::flash;
use crate::form::WebForm;

#[derive(Template, WebTemplate)]
#[template(path = "verify_email.html")]
pub struct VerifyPage {
    ctx: Ctx,
    token: String,
}

pub async fn form(ctx: Ctx, Query(q): Query<TokenQuery>) -> VerifyPage {
    VerifyPage {
        ctx,
        token: q.token,
    }
}

#[derive(Deserialize)]
pub struct VerifyForm {
    #[serde(default)]
    token: String,
}

pub async fn submit(State(state): State<AppState>, WebForm(f): WebForm<VerifyForm>) -> Response {
    match state.accounts.verify_email(&f.token).await {
        Ok(()) => flash::ok("/", "Thank you: your e-mail address is confirmed."),
        Err(e) => flash::error(
            "/",
            format!("{e} — ask for a new link on your profile page."),
        ),
    }
}

#[derive(Deserialize)]
pub struct Nothing {}

pub async fn resend(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    ClientAddr(addr): ClientAddr,
    WebForm(_): WebForm<Nothing>,
) -> Response {
    match state
        .accounts
        .request_email_verification(me.user_id, &addr)
        .await
    {
        Ok(()) => flash::ok(
            "/account",
            "We have e-mailed you a link to confirm your address.",
        ),
        Err(e) => flash::error("/account", e.to_string()),
    }
}
