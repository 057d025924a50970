//! The `Idempotency-Key` header of money-moving routes. A request that carries one is
//! fingerprinted (SHA-256 over method, path and raw body); the payments context claims
//! the key inside the transaction that moves the money and stores the response there.
//! A repeat with the same key and request gets the stored status and body back (with
//! `Idempotent-Replayed: true`) and moves nothing; the same key with a different request
//! is a 422 `idempotency_key_reused`. The key is optional: WorkUp's clients send none.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use openlance_core::DomainError;
use openlance_core::id::UserId;
use openlance_payments::{Claim, request_hash};
use openlance_storage::Tx;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{ApiError, ApiJson, AppState};

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
pub const REPLAYED: &str = "idempotent-replayed";

/// A request's idempotency key (if it sent one) and its fingerprint.
pub struct Idempotency {
    key: Option<String>,
    hash: String,
}

fn key_of(headers: &HeaderMap) -> Result<Option<String>, DomainError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| DomainError::invalid("Idempotency-Key", "must be visible ASCII characters"))?;
    openlance_payments::validate_idempotency_key(key)?;
    Ok(Some(key.to_string()))
}

/// For routes without a body (paying a payment request): the fingerprint covers the
/// method and the path.
impl<S: Send + Sync> FromRequestParts<S> for Idempotency {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(Self {
            key: key_of(&parts.headers)?,
            hash: request_hash(parts.method.as_str(), parts.uri.path(), b""),
        })
    }
}

/// A JSON body (parsed exactly like [`ApiJson`]) with the request's idempotency.
pub struct IdempotentJson<T>(pub Idempotency, pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for IdempotentJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let key = key_of(req.headers())?;
        let method = req.method().clone();
        let uri = req.uri().clone();
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    e.status(),
                    "body_too_large",
                    "the request body is too large",
                )
            } else {
                ApiError::new(e.status(), "bad_request", e.body_text())
            }
        })?;
        let hash = request_hash(method.as_str(), uri.path(), &bytes);
        let mut again = Request::new(axum::body::Body::from(bytes));
        *again.method_mut() = method;
        *again.uri_mut() = uri;
        *again.headers_mut() = headers;
        let ApiJson(body) = ApiJson::<T>::from_request(again, state).await?;
        Ok(Self(Idempotency { key, hash }, body))
    }
}

impl Idempotency {
    /// Claims the key in `tx`; `Some` is the stored response of an earlier request with
    /// this key, to be returned as is (the caller drops `tx`, moving nothing).
    pub async fn claim(
        &self,
        state: &AppState,
        tx: &mut Tx,
        user: UserId,
    ) -> Result<Option<Response>, ApiError> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        match state
            .payments
            .claim_idempotency(tx, user, key, &self.hash)
            .await?
        {
            Claim::Fresh => Ok(None),
            Claim::Replay { status, body } => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                let mut res = json_response(status, body);
                res.headers_mut()
                    .insert(REPLAYED, HeaderValue::from_static("true"));
                Ok(Some(res))
            }
        }
    }

    /// The response, stored under the key in `tx` (the caller then commits).
    pub async fn respond<T: Serialize>(
        &self,
        state: &AppState,
        tx: &mut Tx,
        user: UserId,
        status: StatusCode,
        body: &T,
    ) -> Result<Response, ApiError> {
        let json = serde_json::to_string(body).map_err(DomainError::internal)?;
        if let Some(key) = &self.key {
            state
                .payments
                .complete_idempotency(tx, user, key, status.as_u16(), &json)
                .await?;
        }
        Ok(json_response(status, json))
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
