//! The `Idempotency-Key` header of state-changing requests (top-ups, withdrawals, pays;
//! accepting proposals, paying deposits, completing orders next), in one place:
//!
//! - a request that carries a key is fingerprinted (SHA-256 over method, path and raw
//!   body) and claims `(user, key)` in `http_idempotency_keys` with its own short write,
//!   before the handler's work runs (no transaction stays open around the work);
//! - the handler's work gets an [`OperationKey`] derived from the key and the user, so
//!   a domain operation that calls a payment provider is itself keyed and a retry
//!   resumes it instead of starting another;
//! - a 200 or 201 is stored and replayed for a repeat of the same request, with
//!   `Idempotent-Replayed: true`; the same key with another request is a 422
//!   `idempotency_key_reused`;
//! - a repeat that arrives while the first is still running gets a 409
//!   `idempotency_key_in_use` (Stripe's answer; retry later);
//! - any other answer (a 202 for a pending operation, a 4xx, a 5xx) releases the key, so a
//!   retry runs again, under the same operation key: a payment operation recorded under
//!   it resumes where it stands (and refuses another amount), so a retry never starts a
//!   second charge;
//! - a claim left in progress by a crash becomes reclaimable after [`LOCK_TIMEOUT`];
//! - keys expire after [`RETENTION`]; [`prune`] deletes them.
//!
//! The header is optional (WorkUp's clients send none): without it the work runs once
//! with a fresh operation key.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use openlance_core::id::UserId;
use openlance_core::{DomainError, time::to_micros};
use openlance_payments::OperationKey;
use openlance_storage::{Db, Row};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::{ApiError, ApiJson, AppState};

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
pub const REPLAYED: &str = "idempotent-replayed";

/// How long a claim may stay in progress before another request may take it over: longer
/// than any request runs (the provider timeout is 10 s by default).
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a key is remembered.
pub const RETENTION: Duration = Duration::from_secs(24 * 60 * 60);

/// The migrations of the HTTP edge, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[openlance_storage::Migration::portable(
    "http/0001_idempotency",
    include_str!("../migrations/0001_idempotency.sql"),
)];

/// A request's idempotency key (if it sent one) and its fingerprint.
pub struct Idempotency {
    key: Option<String>,
    hash: String,
}

/// A JSON body (parsed exactly like [`ApiJson`]) with the request's idempotency.
pub struct IdempotentJson<T>(pub Idempotency, pub T);

/// What a handler's work answered: stored for replays when it is a 200 or 201.
pub struct Reply {
    status: StatusCode,
    body: String,
}

impl Reply {
    /// `body` as JSON with `status`; ready to be returned as `Ok(Reply::json(…))`.
    pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Self {
        match serde_json::to_string(body) {
            Ok(body) => Self { status, body },
            Err(e) => {
                // Response types are plain data; this cannot happen, but never panic.
                tracing::error!(error = %e, "could not serialise a response");
                Self {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    body: r#"{"code":"internal_error"}"#.into(),
                }
            }
        }
    }

    fn stored(&self) -> bool {
        matches!(self.status, StatusCode::OK | StatusCode::CREATED)
    }

    fn into_response(self) -> Response {
        json_response(self.status, self.body)
    }
}

/// The fingerprint of a request: SHA-256 over its method, path and body.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(body);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn key_of(headers: &HeaderMap) -> Result<Option<String>, DomainError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let invalid = || {
        DomainError::invalid(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        )
    };
    let key = value.to_str().map_err(|_| invalid())?;
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid());
    }
    Ok(Some(key.to_string()))
}

/// For routes without a body: the fingerprint covers the method and the path.
impl<S: Send + Sync> FromRequestParts<S> for Idempotency {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(Self {
            key: key_of(&parts.headers)?,
            hash: request_hash(parts.method.as_str(), parts.uri.path(), b""),
        })
    }
}

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

/// What claiming a key found.
enum Claim {
    /// Ours to run; `since` is when the key was first claimed in its current life (kept
    /// when a stale claim is taken over, new after the key expired), so the operation
    /// key stays the same across retries but not across reuses a day apart.
    Fresh {
        since: i64,
    },
    Replay {
        status: u16,
        body: String,
    },
}

impl Idempotency {
    /// Whether the client sent an `Idempotency-Key`. Without one, a domain operation that
    /// charges a card may derive its own operation key from what it pays (an order's
    /// deposit), so that two concurrent clicks still charge once.
    pub fn sent_key(&self) -> bool {
        self.key.is_some()
    }

    /// Runs `work` at most once per key: claims the key, runs the work with the operation
    /// key derived from it, stores or releases the claim, and answers. A repeat gets the
    /// stored answer.
    pub async fn run<F, Fut>(
        self,
        state: &AppState,
        user: UserId,
        work: F,
    ) -> Result<Response, ApiError>
    where
        F: FnOnce(OperationKey) -> Fut,
        Fut: Future<Output = Result<Reply, ApiError>>,
    {
        let Some(key) = self.key else {
            return work(OperationKey::fresh()).await.map(Reply::into_response);
        };
        let now = to_micros(state.clock.now());
        let since = match claim(&state.db, user, &key, &self.hash, now).await? {
            Claim::Fresh { since } => since,
            Claim::Replay { status, body } => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                let mut res = json_response(status, body);
                res.headers_mut()
                    .insert(REPLAYED, HeaderValue::from_static("true"));
                return Ok(res);
            }
        };
        let operation = OperationKey::from_client(user, &format!("{key}@{since}"));
        let outcome = work(operation).await;
        let finished = match &outcome {
            Ok(reply) if reply.stored() => store(&state.db, user, &key, reply).await,
            _ => release(&state.db, user, &key).await,
        };
        if let Err(e) = finished {
            // The work is done; only the record failed. A retry resumes the keyed
            // operation (or, after the lock timeout, reclaims the key).
            tracing::warn!(error = %e, "could not record an idempotency key's outcome");
        }
        outcome.map(Reply::into_response)
    }
}

async fn claim(
    db: &Db,
    user: UserId,
    key: &str,
    hash: &str,
    now: i64,
) -> Result<Claim, DomainError> {
    let user = user.to_string();
    for _ in 0..3 {
        let inserted = sqlx::query(
            "INSERT INTO http_idempotency_keys (user_id, idem_key, request_hash, locked_at, created_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, idem_key) DO NOTHING",
        )
        .bind(&user)
        .bind(key)
        .bind(hash)
        .bind(now)
        .execute(db.writer())
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::Fresh { since: now });
        }
        let Some(row) = sqlx::query(
            "SELECT request_hash, status, response_body, locked_at, created_at \
             FROM http_idempotency_keys WHERE user_id = $1 AND idem_key = $2",
        )
        .bind(&user)
        .bind(key)
        .fetch_optional(db.writer())
        .await?
        else {
            continue; // released meanwhile: claim again
        };
        let found = Found {
            hash: row.try_get("request_hash")?,
            status: row.try_get("status")?,
            body: row.try_get("response_body")?,
            locked_at: row.try_get("locked_at")?,
            created_at: row.try_get("created_at")?,
        };
        if let Some(claim) = decide(db, &user, key, hash, now, found).await? {
            return Ok(claim);
        }
    }
    Err(in_use())
}

/// A key's row as another request left it.
struct Found {
    hash: String,
    status: Option<i64>,
    body: Option<String>,
    locked_at: i64,
    created_at: i64,
}

/// What an existing row means for this request; `None`: it changed meanwhile, try again.
async fn decide(
    db: &Db,
    user: &str,
    key: &str,
    hash: &str,
    now: i64,
    found: Found,
) -> Result<Option<Claim>, DomainError> {
    if found.created_at <= now - micros(RETENTION) {
        // Expired (not pruned yet): the key is free again, for a new operation.
        let taken = sqlx::query(
            "UPDATE http_idempotency_keys SET request_hash = $1, status = NULL, response_body = NULL, \
             locked_at = $2, created_at = $2 WHERE user_id = $3 AND idem_key = $4 AND created_at = $5",
        )
        .bind(hash)
        .bind(now)
        .bind(user)
        .bind(key)
        .bind(found.created_at)
        .execute(db.writer())
        .await?;
        return Ok((taken.rows_affected() == 1).then_some(Claim::Fresh { since: now }));
    }
    if found.status.is_none() && found.locked_at == 0 {
        // Released by a request that got no storable answer: ours, under the same
        // operation (a different body is checked by the operation itself).
        let taken = sqlx::query(
            "UPDATE http_idempotency_keys SET request_hash = $1, locked_at = $2 \
             WHERE user_id = $3 AND idem_key = $4 AND status IS NULL AND locked_at = 0",
        )
        .bind(hash)
        .bind(now)
        .bind(user)
        .bind(key)
        .execute(db.writer())
        .await?;
        return Ok((taken.rows_affected() == 1).then_some(Claim::Fresh {
            since: found.created_at,
        }));
    }
    if found.hash != hash {
        return Err(DomainError::unprocessable(
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different request",
        ));
    }
    if let Some(status) = found.status {
        return Ok(Some(Claim::Replay {
            status: u16::try_from(status).unwrap_or(200),
            body: found.body.unwrap_or_default(),
        }));
    }
    if found.locked_at > now - micros(LOCK_TIMEOUT) {
        return Err(in_use());
    }
    // Left in progress by a request that died: take it over. Safe because the money
    // operation behind it is keyed (by the key and `created_at`) and resumes.
    let taken = sqlx::query(
        "UPDATE http_idempotency_keys SET locked_at = $1 \
         WHERE user_id = $2 AND idem_key = $3 AND status IS NULL AND locked_at = $4",
    )
    .bind(now)
    .bind(user)
    .bind(key)
    .bind(found.locked_at)
    .execute(db.writer())
    .await?;
    if taken.rows_affected() == 1 {
        Ok(Some(Claim::Fresh {
            since: found.created_at,
        }))
    } else {
        Err(in_use())
    }
}

fn in_use() -> DomainError {
    DomainError::conflict(
        "idempotency_key_in_use",
        "a request with this Idempotency-Key is in progress; retry later",
    )
}

async fn store(db: &Db, user: UserId, key: &str, reply: &Reply) -> Result<(), DomainError> {
    sqlx::query(
        "UPDATE http_idempotency_keys SET status = $1, response_body = $2 \
         WHERE user_id = $3 AND idem_key = $4",
    )
    .bind(i64::from(reply.status.as_u16()))
    .bind(&reply.body)
    .bind(user.to_string())
    .bind(key)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Unlocks a claim whose answer is not stored (`locked_at = 0`). The row stays, with when
/// the key was first claimed, so a retry names the same operation: a pending payment
/// resumes instead of starting a second one.
async fn release(db: &Db, user: UserId, key: &str) -> Result<(), DomainError> {
    sqlx::query(
        "UPDATE http_idempotency_keys SET locked_at = 0 \
         WHERE user_id = $1 AND idem_key = $2 AND status IS NULL",
    )
    .bind(user.to_string())
    .bind(key)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Deletes keys created before `before` (microseconds since the epoch; a scheduler calls
/// it with now minus [`RETENTION`]). Returns how many were deleted.
pub async fn prune(db: &Db, before: i64) -> Result<u64, DomainError> {
    let done = sqlx::query("DELETE FROM http_idempotency_keys WHERE created_at < $1")
        .bind(before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
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
