//! Redirects after a form: 303 See Other to the next page, with a flash message.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::ctx::Flash;
use crate::session::{FLASH_COOKIE, set_cookie};

/// 303 to `to` with `flash` to show there.
pub fn redirect(to: &str, flash: Flash) -> Response {
    let mut res = see_other(to);
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(FLASH_COOKIE, &flash.encode(), None, false),
    );
    res
}

/// 303 to `to`, nothing to say.
pub fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// 303 with a success message.
pub fn ok(to: &str, text: impl Into<String>) -> Response {
    redirect(
        to,
        Flash {
            kind: "ok",
            text: text.into(),
        },
    )
}

/// 303 with an error message.
pub fn error(to: &str, text: impl Into<String>) -> Response {
    redirect(
        to,
        Flash {
            kind: "error",
            text: text.into(),
        },
    )
}
