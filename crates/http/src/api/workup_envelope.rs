//! WorkUp's response envelope. Every answer of a WorkUp route — success or problem — carries
//! `statusCode` (the status's name as WorkUp spells it: `"OK"`, `"CREATED"`, `"NOT_FOUND"`)
//! and `errorMessage` (`null` on success, the problem's `detail` otherwise) beside its own
//! fields, so WorkUp's clients find them where they look. One layer on the WorkUp routers adds
//! them; handlers return their plain bodies. Openlance's own routes do not carry them.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

/// Largest body the envelope rewrites; anything bigger (no WorkUp answer is) passes as is.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// The middleware: `route_layer(axum::middleware::from_fn(workup_envelope))` on a WorkUp router.
pub async fn workup_envelope(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("application/json") || ct.starts_with("application/problem+json")
        });
    if !is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        tracing::error!("a WorkUp answer's body could not be read for its envelope");
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let message = if parts.status.is_client_error() || parts.status.is_server_error() {
        fields
            .get("detail")
            .or_else(|| fields.get("title"))
            .cloned()
            .unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    fields.insert(
        "statusCode".into(),
        Value::String(status_name(parts.status)),
    );
    fields.insert("errorMessage".into(), message);
    let body = Value::Object(fields).to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// `404 Not Found` → `"NOT_FOUND"`, as Spring's `HttpStatus` names it.
pub fn status_name(status: StatusCode) -> String {
    let reason = status.canonical_reason().unwrap_or("UNKNOWN");
    reason
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_are_springs() {
        assert_eq!(status_name(StatusCode::OK), "OK");
        assert_eq!(status_name(StatusCode::CREATED), "CREATED");
        assert_eq!(status_name(StatusCode::NOT_FOUND), "NOT_FOUND");
        assert_eq!(
            status_name(StatusCode::UNPROCESSABLE_ENTITY),
            "UNPROCESSABLE_ENTITY"
        );
        assert_eq!(
            status_name(StatusCode::TOO_MANY_REQUESTS),
            "TOO_MANY_REQUESTS"
        );
        assert_eq!(
            status_name(StatusCode::PAYLOAD_TOO_LARGE),
            "PAYLOAD_TOO_LARGE"
        );
    }
}
