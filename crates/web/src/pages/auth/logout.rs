//! `POST /logout`: revokes the refresh token and clears the session cookies.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use openlance_http::{AppState, cookie};
use serde::Deserialize;

use crate::flash;
use crate::form::WebForm;
use crate::session::{REFRESH_COOKIE, over_tls, session_cookies};

#[derive(Deserialize)]
pub struct Empty {}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    WebForm(_): WebForm<Empty>,
) -> Response {
    if let Some(refresh) = cookie(&headers, REFRESH_COOKIE) {
        // Already expired or revoked is as good as logged out.
        let _ = state.accounts.logout(refresh).await;
    }
    let mut res = flash::ok("/", "You are logged out.");
    for c in session_cookies(None, over_tls(&headers)) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}
