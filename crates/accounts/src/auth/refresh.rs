//! Refresh tokens: opaque random strings, stored as SHA-256 hashes, rotated on every use.
//! Each login starts a family; presenting a token that was already used (or revoked)
//! means it leaked, so the whole family is revoked and the caller must log in again.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

/// A fresh opaque token: 32 random bytes, base64url.
pub(crate) fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of an opaque token.
pub(crate) fn hash_token(raw: &str) -> String {
    let digest = Sha256::digest(raw.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a new refresh token in `family`; returns the raw token for the client.
pub(crate) async fn issue(
    conn: &mut AnyConnection,
    user_id: UserId,
    family: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<String> {
    let raw = random_token();
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, user_id, family_id, issued_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&raw))
    .bind(user_id.to_string())
    .bind(family)
    .bind(to_micros(now))
    .bind(to_micros(now + ttl))
    .execute(&mut *conn)
    .await?;
    Ok(raw)
}

/// Whose refresh token this is (any state), so the caller can lock the account before
/// deciding anything about the token.
pub(crate) async fn owner(conn: &mut AnyConnection, raw: &str) -> Result<Option<UserId>> {
    let row = sqlx::query("SELECT user_id FROM refresh_tokens WHERE token_hash = $1")
        .bind(hash_token(raw))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        let id: String = r.try_get("user_id")?;
        UserId::parse(&id).map_err(DomainError::internal)
    })
    .transpose()
}

/// The outcome of presenting a refresh token.
pub(crate) enum Presented {
    /// Valid: it has now been marked used; continue the family.
    Rotated { user_id: UserId, family: String },
    /// Already used or revoked: the family has been revoked (commit this!).
    Replayed { user_id: UserId, family: String },
    /// Unknown or expired.
    Invalid,
}

/// Marks a presented token used, detecting replays.
pub(crate) async fn consume(
    conn: &mut AnyConnection,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<Presented> {
    let hash = hash_token(raw);
    let row = sqlx::query(
        "SELECT user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens \
         WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(Presented::Invalid);
    };
    let family: String = row.try_get("family_id")?;
    let user_id: String = row.try_get("user_id")?;
    let user_id = UserId::parse(&user_id).map_err(DomainError::internal)?;
    let used: Option<i64> = row.try_get("used_at")?;
    let revoked: Option<i64> = row.try_get("revoked_at")?;
    if used.is_some() || revoked.is_some() {
        revoke_family(conn, &family, now).await?;
        return Ok(Presented::Replayed { user_id, family });
    }
    if row.try_get::<i64, _>("expires_at")? <= to_micros(now) {
        return Ok(Presented::Invalid);
    }
    // Only one concurrent refresh may win; the loser is treated as a replay.
    let won = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(to_micros(now))
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    if won.rows_affected() != 1 {
        revoke_family(conn, &family, now).await?;
        return Ok(Presented::Replayed { user_id, family });
    }
    Ok(Presented::Rotated { user_id, family })
}

pub(crate) async fn revoke_family(
    conn: &mut AnyConnection,
    family: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
    )
    .bind(to_micros(now))
    .bind(family)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Revokes the family of the presented token (logout); unknown tokens are ignored.
pub(crate) async fn revoke_by_token(
    conn: &mut AnyConnection,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = sqlx::query("SELECT family_id FROM refresh_tokens WHERE token_hash = $1")
        .bind(hash_token(raw))
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = row {
        let family: String = row.try_get("family_id")?;
        revoke_family(conn, &family, now).await?;
    }
    Ok(())
}

/// Revokes every refresh token of a user (password reset, account deletion).
pub(crate) async fn revoke_all(
    conn: &mut AnyConnection,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(to_micros(now))
    .bind(user_id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
