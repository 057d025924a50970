//! `WebForm<T>`: a submitted form, accepted only from this site's own pages. Two checks,
//! either enough on its own against a cross-site form: the browser's `Sec-Fetch-Site` /
//! `Origin` must say the form is ours, and the hidden `csrf` field must repeat the
//! visitor's `openlance_csrf` cookie (which another site can neither read nor set).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use openlance_http::{AppState, cookie};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::WebError;
use crate::session::CSRF_COOKIE;

pub struct WebForm<T>(pub T);

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<AppState> for WebForm<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, WebError> {
        let (parts, body) = req.into_parts();
        let refused = || {
            WebError::status(
                StatusCode::FORBIDDEN,
                "This form did not come from this site, or it is out of date. Go back, reload the page and try again.",
            )
        };
        if !openlance_http::origin::same_site_request(&parts.method, &parts.headers) {
            return Err(refused());
        }
        let expected = cookie(&parts.headers, CSRF_COOKIE)
            .unwrap_or_default()
            .to_string();
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| {
                WebError::status(StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.")
            })?;
        let token: Token = serde_urlencoded::from_bytes(&bytes).map_err(|_| refused())?;
        if expected.len() < 32 || !same(token.csrf.as_bytes(), expected.as_bytes()) {
            return Err(refused());
        }
        if bytes.contains(&0) || String::from_utf8_lossy(&bytes).contains("%00") {
            return Err(WebError::status(
                StatusCode::BAD_REQUEST,
                "The form holds a NUL character.",
            ));
        }
        serde_urlencoded::from_bytes(&bytes).map(Self).map_err(|e| {
            WebError::status(
                StatusCode::BAD_REQUEST,
                format!("The form is not valid: {e}."),
            )
        })
    }
}

/// Compares without stopping at the first difference, so timing tells nothing.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
