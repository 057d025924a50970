//! The browser session: which cookies the site keeps and how they are set.
//!
//! - `openlance_session`: the access token (HttpOnly, SameSite=Lax, Secure over TLS); the
//!   API accepts it too, behind the same-site check of `openlance_http::origin`.
//! - `openlance_refresh`: the refresh token, traded for a new session when the access token
//!   has expired, so a visitor stays signed in past its 15 minutes.
//! - `openlance_csrf`: the double-submit token every form repeats in a hidden field.
//! - `openlance_flash`: a one-shot message shown on the next page.
//!
//! [`layer`] runs around every page: it hands out the CSRF token, renews an expired
//! session, and clears a flash once a page has shown it.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openlance_accounts::Session;
use openlance_http::{AppState, SESSION_COOKIE, cookie};

pub const REFRESH_COOKIE: &str = "openlance_refresh";
pub const CSRF_COOKIE: &str = "openlance_csrf";
pub const FLASH_COOKIE: &str = "openlance_flash";

/// A fresh random token (256 bits, URL-safe text).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether the visitor reached us over TLS (directly or through a proxy that says so), so
/// cookies are marked `Secure`.
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value; `max_age` of zero deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        text.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        text.push_str("; Secure");
    }
    // Values are our own base64/JWT text: always a valid header.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The cookies that sign a browser in with `session` (and that log it out: `None`).
pub fn session_cookies(session: Option<&Session>, secure: bool) -> Vec<HeaderValue> {
    match session {
        Some(s) => vec![
            set_cookie(SESSION_COOKIE, &s.access_token, None, secure),
            set_cookie(
                REFRESH_COOKIE,
                &s.refresh_token,
                Some(30 * 24 * 60 * 60),
                secure,
            ),
        ],
        None => vec![
            set_cookie(SESSION_COOKIE, "", Some(0), secure),
            set_cookie(REFRESH_COOKIE, "", Some(0), secure),
        ],
    }
}

/// Replaces (or adds) cookie `name` in the request's `Cookie` header, so the handlers see
/// what the browser will hold after this response.
fn put_request_cookie(headers: &mut HeaderMap, name: &str, value: Option<&str>) {
    let mut pairs: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_string)
        .collect();
    if let Some(value) = value {
        pairs.push(format!("{name}={value}"));
    }
    headers.remove(header::COOKIE);
    if let Ok(v) = HeaderValue::from_str(&pairs.join("; ")) {
        headers.insert(header::COOKIE, v);
    }
}

/// Runs around every page request; see the module documentation.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let secure = over_tls(req.headers());
    let mut set = Vec::new();
    if cookie(req.headers(), CSRF_COOKIE).is_none_or(|t| t.len() < 32) {
        let token = random_token();
        set.push(set_cookie(CSRF_COOKIE, &token, None, secure));
        put_request_cookie(req.headers_mut(), CSRF_COOKIE, Some(&token));
    }
    let signed_in = cookie(req.headers(), SESSION_COOKIE)
        .is_some_and(|t| state.accounts.authenticate(t).is_ok());
    if !signed_in && let Some(refresh) = cookie(req.headers(), REFRESH_COOKIE).map(str::to_string) {
        let renewed = crate::renewal::renew(&state, &refresh).await;
        let token = renewed.as_ref().map(|s| s.access_token.as_str());
        put_request_cookie(req.headers_mut(), SESSION_COOKIE, token);
        set.extend(session_cookies(renewed.as_ref(), secure));
    }
    let had_flash = cookie(req.headers(), FLASH_COOKIE).is_some();
    let mut res = next.run(req).await;
    let sets_flash = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH_COOKIE.as_bytes()));
    if had_flash && !sets_flash && res.status() != StatusCode::SEE_OTHER {
        set.push(set_cookie(FLASH_COOKIE, "", Some(0), secure));
    }
    // The handler's cookies go last: they win (a log-out after a renewal stays logged out).
    let handlers: Vec<HeaderValue> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    res.headers_mut().remove(header::SET_COOKIE);
    for value in set.into_iter().chain(handlers) {
        res.headers_mut().append(header::SET_COOKIE, value);
    }
    res
}
