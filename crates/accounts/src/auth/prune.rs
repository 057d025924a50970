//! Pruning: rows the accounts context no longer needs — expired refresh tokens, expired
//! verification and reset tokens, and throttling counts that left their window. Called
//! on a schedule (the scheduler calls every context's prune).

use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::time::to_micros;

use crate::{Accounts, auth::throttle};

impl Accounts {
    /// Deletes what expired before `now`; returns how many rows were removed. Safe to run
    /// at any time, on any instance: it removes only rows no check would accept.
    pub async fn prune_expired(&self, now: DateTime<Utc>) -> Result<u64> {
        let mut removed = 0;
        let mut tx = self.db.begin().await?;
        for sql in [
            "DELETE FROM refresh_tokens WHERE expires_at <= $1",
            "DELETE FROM account_tokens WHERE expires_at <= $1",
        ] {
            removed += sqlx::query(sql)
                .bind(to_micros(now))
                .execute(tx.conn())
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        removed += throttle::prune(&self.db, now - self.config.failure_window).await?;
        Ok(removed)
    }
}
