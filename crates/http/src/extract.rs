//! Extractors. `ApiJson`, `ApiQuery` and `ApiPath` are axum's, with their rejections
//! turned into problem+json. `AuthUser` decides *who* calls; *what* they may do is
//! checked per object in the handler or the domain.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{StatusCode, header, request::Parts};
use openlance_accounts::Principal;
use openlance_core::{DomainError, FieldError};
use serde::de::DeserializeOwned;

use crate::{ApiError, AppState, text};

/// A JSON body; malformed JSON, wrong types, unknown fields, oversized bodies and a NUL
/// character in any string are 4xx.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        // Buffer the body once (within the body limit), let axum's `Json` judge the content
        // type and the document, then look for NUL characters in what it accepted.
        let (parts, body) = req.into_parts();
        let (headers, extensions) = (parts.headers.clone(), parts.extensions.clone());
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| json_rejection(e.into()))?;
        let mut buffered = Request::new(axum::body::Body::from(bytes.clone()));
        *buffered.headers_mut() = headers;
        *buffered.extensions_mut() = extensions;
        let Json(value) = Json::<T>::from_request(buffered, state)
            .await
            .map_err(json_rejection)?;
        if let Some(field) = text::nul_in_json(&bytes) {
            return Err(DomainError::invalid(field, text::NUL_MESSAGE).into());
        }
        Ok(Self(value))
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // axum reports "Failed to deserialize …: <path>: <message>"; keep path and message.
            let text = std::error::Error::source(&e)
                .map(ToString::to_string)
                .unwrap_or_else(|| e.body_text());
            let (field, message) = match text.split_once(": ") {
                Some((path, msg)) if !path.contains(' ') => (path.to_string(), msg.to_string()),
                _ => (String::new(), text.clone()),
            };
            DomainError::Validation(vec![FieldError { field, message }]).into()
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body is not valid JSON: {}", source_text(&e)),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as JSON with `Content-Type: application/json`",
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the request body is too large",
            )
        }
        other => ApiError::new(other.status(), "bad_request", other.body_text()),
    }
}

fn source_text(e: &dyn std::error::Error) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

/// Query parameters; bad ones (a NUL character included) are a 400 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if let Some(field) = parts.uri.query().and_then(text::nul_in_query) {
            return Err(DomainError::invalid(field, text::NUL_MESSAGE).into());
        }
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Self(v))
            .map_err(|e: QueryRejection| {
                ApiError::from(DomainError::invalid("query", source_text(&e)))
            })
    }
}

/// Path parameters; a malformed id or a NUL character is a 400, not a 404 or a 500.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if text::nul_in_path(parts.uri.path()) {
            return Err(DomainError::invalid("path", text::NUL_MESSAGE).into());
        }
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| Self(v))
            .map_err(|e: PathRejection| {
                ApiError::from(DomainError::invalid("path", source_text(&e)))
            })
    }
}

/// The authenticated caller (bearer access token, or the web UI's session cookie).
pub struct AuthUser(pub Principal);

/// The caller if a valid token was sent; anonymous otherwise. A present but invalid
/// token is still a 401, so a client learns its token expired.
pub struct MaybeAuthUser(pub Option<Principal>);

/// Name of the cookie the web UI keeps its access token in.
pub const SESSION_COOKIE: &str = "openlance_session";

pub(crate) fn credentials(parts: &Parts) -> Option<&str> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then_some(token.trim());
    }
    cookie(&parts.headers, SESSION_COOKIE)
}

/// The value of the cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The caller's token, refusing a session cookie on a state-changing request that did not
/// come from this site's own pages (see [`crate::origin`]).
fn guarded_credentials(parts: &Parts) -> Result<Option<&str>, DomainError> {
    let by_cookie = !parts.headers.contains_key(header::AUTHORIZATION);
    let token = credentials(parts);
    if by_cookie
        && token.is_some()
        && !crate::origin::same_site_request(&parts.method, &parts.headers)
    {
        return Err(DomainError::Forbidden(
            "a request signed in by the session cookie must come from this site's pages".into(),
        ));
    }
    Ok(token)
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = guarded_credentials(parts)
            .map_err(ApiError::from)?
            .ok_or_else(|| {
                ApiError::from(DomainError::Unauthenticated(
                    "sign in first: send `Authorization: Bearer <token>`".into(),
                ))
            })?;
        Ok(Self(state.accounts.authenticate(token)?))
    }
}

impl FromRequestParts<AppState> for MaybeAuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match guarded_credentials(parts).map_err(ApiError::from)? {
            None => Ok(Self(None)),
            Some(token) => Ok(Self(Some(state.accounts.authenticate(token)?))),
        }
    }
}

/// The client's network address, for throttling: the connection's peer, or, when the
/// server sits behind a trusted reverse proxy (`trust_forwarded_for`), the address that
/// proxy appended to `X-Forwarded-For`. Requests with neither (in-process tests) share
/// the address `unknown`.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self(client_addr(
            &parts.headers,
            peer,
            state.http.trust_forwarded_for,
        )))
    }
}

/// Only the rightmost `X-Forwarded-For` entry is trusted: it is the one our proxy wrote;
/// anything left of it came from the client and can be forged.
fn client_addr(
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::IpAddr>,
    trust_forwarded_for: bool,
) -> String {
    let forwarded = trust_forwarded_for
        .then(|| headers.get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
    forwarded
        .or(peer)
        .map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::extract::DefaultBodyLimit;
    use axum::http::Request;
    use axum::routing::post;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[expect(dead_code, reason = "only deserialized")]
    struct Milestone {
        amount: i64,
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialized")]
    struct Proposal {
        milestones: Vec<Milestone>,
    }

    async fn call(
        content_type: Option<&str>,
        body: String,
    ) -> (StatusCode, serde_json::Value, String) {
        let app = Router::new()
            .route("/p", post(|ApiJson(_): ApiJson<Proposal>| async { "ok" }))
            .layer(DefaultBodyLimit::max(64));
        let mut req = Request::post("/p");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let res = app
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or_default(),
            ct,
        )
    }

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn the_client_address_comes_from_the_proxy_only_when_it_is_trusted() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 203.0.113.7".parse().unwrap());
        let peer = Some("10.0.0.1".parse().unwrap());
        assert_eq!(
            client_addr(&headers, peer, false),
            "10.0.0.1",
            "a client cannot choose its address"
        );
        assert_eq!(
            client_addr(&headers, peer, true),
            "203.0.113.7",
            "the proxy's entry, not the forgeable one"
        );
        headers.insert("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(client_addr(&headers, peer, true), "10.0.0.1");
        assert_eq!(
            client_addr(&axum::http::HeaderMap::new(), None, true),
            "unknown"
        );
    }

    #[tokio::test]
    async fn bad_bodies_are_problem_json_4xx() {
        let (status, _, _) = call(JSON, r#"{"milestones":[{"amount":5}]}"#.into()).await;
        assert_eq!(status, StatusCode::OK);

        let (status, p, ct) = call(JSON, "{not json".into()).await;
        assert_eq!(
            (status, p["code"].as_str(), ct.as_str()),
            (
                StatusCode::BAD_REQUEST,
                Some("malformed_json"),
                "application/problem+json"
            )
        );

        let (status, p, _) = call(JSON, r#"{"milestones":[{"amount":"five"}]}"#.into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(p["code"], "validation_failed");
        assert_eq!(p["errors"][0]["field"], "milestones[0].amount", "{p}");

        let (status, p, _) = call(JSON, r#"{"milestones":[],"admin":true}"#.into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("unknown field"),
            "{p}"
        );

        let (status, p, _) = call(Some("text/plain"), "{}".into()).await;
        assert_eq!(
            (status, p["code"].as_str()),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Some("unsupported_media_type")
            )
        );

        let (status, p, _) = call(
            JSON,
            format!(r#"{{"milestones":[],"pad":"{}"}}"#, "x".repeat(100)),
        )
        .await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("body_too_large"))
        );
    }
}
