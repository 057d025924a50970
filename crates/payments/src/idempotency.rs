//! Idempotency keys for money-moving requests. The first request with a key claims it
//! inside the transaction that moves the money, and stores its response there; a repeat
//! with the same key and the same request replays that response and moves nothing; the
//! same key with another request is refused. A concurrent repeat waits on the claim (the
//! unique key) and then replays, so even simultaneous retries move money once. A request
//! that fails rolls its claim back with everything else, so it may be retried.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use openlance_storage::{Row, Tx};
use sha2::{Digest, Sha256};

use crate::Payments;

/// What claiming a key found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: do the work, then [`Payments::complete_idempotency`].
    Fresh,
    /// The key was used for this same request: answer with the stored response.
    Replay { status: u16, body: String },
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

/// Checks the shape of a client's key: 1 to 255 visible ASCII characters.
pub fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(DomainError::invalid(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(())
}

impl Payments {
    /// Claims `key` for `user` inside `tx` (before any money moves).
    pub async fn claim_idempotency(
        &self,
        tx: &mut Tx,
        user: UserId,
        key: &str,
        hash: &str,
    ) -> Result<Claim> {
        validate_key(key)?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status, response_body, created_at) \
             VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (user_id, idem_key) DO NOTHING",
        )
        .bind(user.to_string())
        .bind(key)
        .bind(hash)
        .bind(self.now_micros())
        .execute(tx.conn())
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::Fresh);
        }
        let row = sqlx::query(
            "SELECT request_hash, status, response_body FROM idempotency_keys \
             WHERE user_id = $1 AND idem_key = $2",
        )
        .bind(user.to_string())
        .bind(key)
        .fetch_one(tx.conn())
        .await?;
        if row.get::<String, _>("request_hash") != hash {
            return Err(DomainError::unprocessable(
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different request",
            ));
        }
        let status = row.get::<i64, _>("status");
        if status == 0 {
            return Err(DomainError::conflict(
                "idempotency_key_in_use",
                "a request with this Idempotency-Key is in progress",
            ));
        }
        Ok(Claim::Replay {
            status: u16::try_from(status).unwrap_or(500),
            body: row.get("response_body"),
        })
    }

    /// Stores the response of a claimed key, in the same transaction as the work.
    pub async fn complete_idempotency(
        &self,
        tx: &mut Tx,
        user: UserId,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE idempotency_keys SET status = $1, response_body = $2 WHERE user_id = $3 AND idem_key = $4")
            .bind(i64::from(status))
            .bind(body)
            .bind(user.to_string())
            .bind(key)
            .execute(tx.conn())
            .await?;
        Ok(())
    }
}
