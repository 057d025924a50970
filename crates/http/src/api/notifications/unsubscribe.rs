//! `GET|POST /api/v1/notifications/unsubscribe?token=…`: the link in every e-mail that can
//! be turned off. Opening it (GET) only shows a page with a button, so a mail scanner that
//! follows links changes nothing; the button's POST — or a mail client's one-click POST
//! (RFC 8058, body `List-Unsubscribe=One-Click`, which is not read) — turns e-mail of that
//! kind off for the person the signed token names. No login is needed.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openlance_core::Problem;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{ApiError, ApiQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The signed token from the e-mail's link.
    pub token: String,
}

/// A page confirming the link: a button unsubscribes.
#[utoipa::path(get, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "the confirmation page", content_type = "text/html", body = String),
        (status = 400, description = "the link is not valid or has expired", content_type = "text/html", body = String)))]
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Response {
    let name = &state.notifications.config().marketplace_name;
    match state.notifications.read_unsubscribe_token(&query.token) {
        Ok(link) => page(
            StatusCode::OK,
            name,
            "Stop these e-mails?",
            &format!(
                "<p>You will no longer get e-mails about: {}. You will still see them in the \
                 app, and you can turn them back on in your settings.</p>\
                 <form method=\"post\" action=\"?token={}\">\
                 <button type=\"submit\">Unsubscribe</button></form>",
                escape(link.kind.description),
                escape(&query.token)
            ),
        ),
        Err(_) => page(
            StatusCode::BAD_REQUEST,
            name,
            "This link does not work",
            "<p>This unsubscribe link is not valid or has expired. Sign in and change your \
             e-mail settings instead.</p>",
        ),
    }
}

/// Turns e-mail of the link's kind off (again is fine).
#[utoipa::path(post, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "unsubscribed", content_type = "text/html", body = String),
        (status = 400, body = Problem, description = "the link is not valid or has expired")))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Result<Response, ApiError> {
    let link = state.notifications.unsubscribe(&query.token).await?;
    let name = &state.notifications.config().marketplace_name;
    Ok(page(
        StatusCode::OK,
        name,
        "You are unsubscribed",
        &format!(
            "<p>You will no longer get e-mails about: {}.</p>",
            escape(link.kind.description)
        ),
    ))
}

/// A small HTML page; `body` is HTML, escaped already.
fn page(status: StatusCode, marketplace: &str, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title} · {name}</title></head>\
         <body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem\">\
         <p>{name}</p><h1>{title}</h1>{body}</body></html>",
        name = escape(marketplace),
        title = escape(title),
    );
    let mut res = (status, html).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // The token is in the address: keep it out of caches and other sites' logs.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
