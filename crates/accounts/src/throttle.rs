//! Login throttling. Failed logins are recorded per email and per client address in the
//! database (so limits hold across restarts and across instances sharing PostgreSQL) and
//! counted over a sliding window. Past a few failures each answer is slowed; at the limit
//! the scope is refused with 429 until enough failures age out of the window. Unknown
//! emails are counted exactly like known ones, so the answers reveal nothing.

use chrono::{DateTime, Utc};
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result};
use openlance_storage::Db;
use sqlx::Row;

use crate::AccountsConfig;

/// The scopes a login attempt counts against, with their limits.
fn scopes(config: &AccountsConfig, email: &str, addr: &str) -> [(String, u32); 2] {
    [
        (format!("email:{email}"), config.max_failures_per_email),
        (format!("addr:{addr}"), config.max_failures_per_address),
    ]
}

/// Refuses the attempt with `RateLimited` while either scope is at its limit.
pub(crate) async fn check(
    db: &Db,
    config: &AccountsConfig,
    email: &str,
    addr: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut wait_secs = 0i64;
    for (scope, limit) in scopes(config, email, addr) {
        let rows = sqlx::query(
            "SELECT failed_at FROM login_failures WHERE scope = $1 AND failed_at > $2 \
             ORDER BY failed_at DESC LIMIT $3",
        )
        .bind(&scope)
        .bind(to_micros(now - config.failure_window))
        .bind(i64::from(limit))
        .fetch_all(db.reader())
        .await?;
        if limit > 0 && rows.len() >= limit as usize {
            // The scope unlocks when the oldest of the last `limit` failures leaves the window.
            let oldest: i64 = rows
                .last()
                .map(|r| r.try_get("failed_at"))
                .transpose()?
                .unwrap_or_default();
            let unlock = oldest + config.failure_window.num_microseconds().unwrap_or(0);
            let micros = (unlock - to_micros(now)).max(0);
            let secs = ((micros + 999_999) / 1_000_000).max(1);
            wait_secs = wait_secs.max(secs);
        }
    }
    if wait_secs > 0 {
        return Err(DomainError::RateLimited {
            retry_after_secs: wait_secs.unsigned_abs(),
        });
    }
    Ok(())
}

/// Records a failed attempt against both scopes; returns how many failures the email
/// scope now has in the window (to slow the answer down).
pub(crate) async fn record_failure(
    db: &Db,
    config: &AccountsConfig,
    email: &str,
    addr: &str,
    now: DateTime<Utc>,
) -> Result<u32> {
    let mut tx = db.begin().await?;
    let cutoff = to_micros(now - config.failure_window);
    // Expired failures are no longer needed; pruning here keeps the table small.
    sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
        .bind(cutoff)
        .execute(tx.conn())
        .await?;
    for (scope, _) in scopes(config, email, addr) {
        sqlx::query("INSERT INTO login_failures (id, scope, failed_at) VALUES ($1, $2, $3)")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(&scope)
            .bind(to_micros(now))
            .execute(tx.conn())
            .await?;
    }
    let count: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM login_failures WHERE scope = $1 AND failed_at > $2",
    )
    .bind(format!("email:{email}"))
    .bind(cutoff)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    tx.commit().await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Forgets the failures recorded for an email (its account was deleted: the address
/// is personal data).
pub(crate) async fn forget_email(conn: &mut sqlx::AnyConnection, email: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE scope = $1")
        .bind(format!("email:{email}"))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A successful login clears the email's failures (the address keeps its count, so one
/// valid account cannot be used to reset an address that is guessing others).
pub(crate) async fn clear_email(db: &Db, email: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE scope = $1")
        .bind(format!("email:{email}"))
        .execute(db.writer())
        .await?;
    Ok(())
}

/// How long to hold a failed answer: nothing for the first two failures, then a growing
/// delay, capped at two seconds.
pub(crate) fn slowdown(config: &AccountsConfig, failures: u32) -> std::time::Duration {
    let extra = failures.saturating_sub(2);
    (config.failure_delay_step * extra).min(std::time::Duration::from_secs(2))
}
