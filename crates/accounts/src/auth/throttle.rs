//! Throttling: attempts are counted per scope (an account from one address, an account,
//! an address, an action from an address) in the database, so limits hold across restarts
//! and across instances sharing PostgreSQL, over a sliding window.
//!
//! Checking and recording are one step ([`admit`]): in one write transaction the scopes'
//! rows in `throttle_scopes` are upserted in a fixed order (on PostgreSQL that locks them
//! until commit; on SQLite the single writer connection already serialises the
//! transaction), the attempts in the window are counted, and, when every scope is under
//! its limit, the attempt is recorded. So N concurrent attempts count N, and at most the
//! limit of them get through. A login attempt is recorded *before* the password is
//! checked, and withdrawn when the password was right (or when it could not be checked).

use chrono::{DateTime, Duration, Utc};
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result};
use openlance_storage::Db;
use sqlx::Row;

use crate::AccountsConfig;

/// One scope an attempt counts against.
#[derive(Debug, Clone)]
pub(crate) struct Limit {
    pub scope: String,
    /// Attempts allowed in the window.
    pub max: u32,
    /// At the limit, wait `step · 2^(attempts − max)` (capped at the window) after the
    /// latest attempt, instead of until the oldest counted one leaves the window.
    pub backoff: Option<std::time::Duration>,
}

impl Limit {
    fn plain(scope: String, max: u32) -> Self {
        Self {
            scope,
            max,
            backoff: None,
        }
    }
}

fn email_scope(email: &str) -> String {
    format!("email:{email}")
}

fn pair_scope(email: &str, addr: &str) -> String {
    format!("pair:{email}|{addr}")
}

/// The scopes a login attempt counts against: the account from this address (strict,
/// with a growing backoff), the account from anywhere (looser, so an attacker cannot
/// lock its owner out), and the address (so one address cannot spray many accounts).
pub(crate) fn login_limits(config: &AccountsConfig, email: &str, addr: &str) -> Vec<Limit> {
    vec![
        Limit {
            scope: pair_scope(email, addr),
            max: config.max_failures_per_account_and_address,
            backoff: Some(config.lockout_step),
        },
        Limit::plain(email_scope(email), config.max_failures_per_email),
        Limit::plain(format!("addr:{addr}"), config.max_failures_per_address),
    ]
}

/// The scope of a throttled account request (`register`, `password_reset` …) from one
/// address.
pub(crate) fn request_limit(config: &AccountsConfig, action: &str, addr: &str) -> Vec<Limit> {
    vec![Limit::plain(
        format!("{action}:{addr}"),
        config.max_requests_per_address,
    )]
}

/// An attempt that was admitted and recorded.
#[derive(Debug)]
pub(crate) struct Admitted {
    ids: Vec<String>,
    /// Attempts counted against the first scope, this one included.
    pub first_scope_count: u32,
}

impl Admitted {
    /// Takes the attempt back (the password was right, or it could not be checked).
    pub(crate) async fn withdraw(self, db: &Db) -> Result<()> {
        let mut tx = db.begin().await?;
        for id in &self.ids {
            sqlx::query("DELETE FROM login_failures WHERE id = $1")
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Checks every scope and records the attempt against all of them, atomically; refuses
/// with `RateLimited` (nothing recorded) while any scope is at its limit.
pub(crate) async fn admit(
    db: &Db,
    window: Duration,
    limits: &[Limit],
    now: DateTime<Utc>,
) -> Result<Admitted> {
    let mut tx = db.begin().await?;
    let mut sorted: Vec<&Limit> = limits.iter().collect();
    // One fixed locking order, so two transactions never wait on each other in a cycle.
    sorted.sort_by(|a, b| a.scope.cmp(&b.scope));
    for limit in &sorted {
        sqlx::query(
            "INSERT INTO throttle_scopes (scope, touched_at) VALUES ($1, $2) \
             ON CONFLICT (scope) DO UPDATE SET touched_at = excluded.touched_at",
        )
        .bind(&limit.scope)
        .bind(to_micros(now))
        .execute(tx.conn())
        .await?;
    }
    let mut wait_micros = 0i64;
    let mut first_scope_count = 0u32;
    for (i, limit) in limits.iter().enumerate() {
        let rows = sqlx::query(
            "SELECT failed_at FROM login_failures WHERE scope = $1 AND failed_at > $2 \
             ORDER BY failed_at DESC",
        )
        .bind(&limit.scope)
        .bind(to_micros(now - window))
        .fetch_all(tx.conn())
        .await?;
        let times = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("failed_at"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if i == 0 {
            first_scope_count = u32::try_from(times.len() + 1).unwrap_or(u32::MAX);
        }
        if let Some(unlock) = unlock_at(limit, &times, window) {
            wait_micros = wait_micros.max(unlock - to_micros(now));
        }
    }
    if wait_micros > 0 {
        tx.rollback().await?;
        let secs = ((wait_micros + 999_999) / 1_000_000).max(1);
        return Err(DomainError::RateLimited {
            retry_after_secs: secs.unsigned_abs(),
        });
    }
    let mut ids = Vec::with_capacity(limits.len());
    for limit in limits {
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO login_failures (id, scope, failed_at) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(&limit.scope)
            .bind(to_micros(now))
            .execute(tx.conn())
            .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(Admitted {
        ids,
        first_scope_count,
    })
}

/// When a scope at its limit opens again (microseconds), given its attempts in the
/// window, newest first; `None` while it is under the limit.
fn unlock_at(limit: &Limit, newest_first: &[i64], window: Duration) -> Option<i64> {
    let max = limit.max as usize;
    if newest_first.len() < max {
        return None;
    }
    let window_micros = window.num_microseconds().unwrap_or(i64::MAX);
    match limit.backoff {
        Some(step) => {
            let over = u32::try_from(newest_first.len() - max).unwrap_or(u32::MAX);
            let step = i64::try_from(step.as_micros()).unwrap_or(i64::MAX);
            let wait = step
                .saturating_mul(2i64.saturating_pow(over.min(40)))
                .min(window_micros);
            newest_first.first().map(|latest| latest + wait)
        }
        // Opens when the oldest of the latest `max` attempts leaves the window.
        None => newest_first
            .get(max.saturating_sub(1))
            .map(|t| t + window_micros),
    }
}

/// Forgets every attempt recorded for an email (its account was deleted: the address
/// is personal data).
pub(crate) async fn forget_email(conn: &mut sqlx::AnyConnection, email: &str) -> Result<()> {
    let pair_prefix = pair_scope(email, "");
    for sql in [
        "DELETE FROM login_failures WHERE scope = $1 OR substr(scope, 1, CAST($2 AS INTEGER)) = $3",
        "DELETE FROM throttle_scopes WHERE scope = $1 OR substr(scope, 1, CAST($2 AS INTEGER)) = $3",
    ] {
        sqlx::query(sql)
            .bind(email_scope(email))
            .bind(i64::try_from(pair_prefix.chars().count()).unwrap_or(i64::MAX))
            .bind(&pair_prefix)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A successful login clears the account's failures, from this address and overall
/// (the address keeps its count, so one valid account cannot be used to reset an
/// address that is guessing others).
pub(crate) async fn clear_account(db: &Db, email: &str, addr: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE scope = $1 OR scope = $2")
        .bind(email_scope(email))
        .bind(pair_scope(email, addr))
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Removes attempts that left the window and scopes not touched within it.
pub(crate) async fn prune(db: &Db, before: DateTime<Utc>) -> Result<u64> {
    let mut tx = db.begin().await?;
    let mut removed = 0;
    for sql in [
        "DELETE FROM login_failures WHERE failed_at <= $1",
        "DELETE FROM throttle_scopes WHERE touched_at <= $1",
    ] {
        removed += sqlx::query(sql)
            .bind(to_micros(before))
            .execute(tx.conn())
            .await?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(removed)
}

/// How long to hold a failed answer: nothing for the first two failures, then a growing
/// delay, capped at two seconds.
pub(crate) fn slowdown(config: &AccountsConfig, failures: u32) -> std::time::Duration {
    let extra = failures.saturating_sub(2);
    (config.failure_delay_step * extra).min(std::time::Duration::from_secs(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(backoff: Option<u64>) -> Limit {
        Limit {
            scope: "s".into(),
            max: 3,
            backoff: backoff.map(std::time::Duration::from_secs),
        }
    }

    #[test]
    fn under_the_limit_is_open() {
        assert_eq!(
            unlock_at(&limit(None), &[30, 20], Duration::seconds(100)),
            None
        );
    }

    #[test]
    fn a_plain_scope_opens_when_the_oldest_counted_attempt_leaves_the_window() {
        let window = Duration::seconds(100);
        let unlock = unlock_at(&limit(None), &[30, 20, 10], window);
        assert_eq!(unlock, Some(10 + 100_000_000));
    }

    #[test]
    fn a_backoff_scope_waits_twice_as_long_after_each_further_failure() {
        let window = Duration::minutes(15);
        let at = |n: usize| unlock_at(&limit(Some(60)), &vec![0; n], window);
        assert_eq!(at(3), Some(60_000_000));
        assert_eq!(at(4), Some(120_000_000));
        assert_eq!(at(5), Some(240_000_000));
        assert_eq!(at(9), Some(900_000_000), "capped at the window");
    }
}
