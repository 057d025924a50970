//! The delivery worker: sends the e-mails the consumer queued, with no transaction open.
//!
//! A round claims due rows — `FOR UPDATE SKIP LOCKED` on PostgreSQL, so another instance
//! skips them; SQLite has one writer — by pushing their due time to the end of a lease,
//! then sends them (concurrently, each bounded by the transport's timeout) and records each
//! outcome conditionally (`WHERE status = 'pending'`). A failed send is retried with
//! exponential backoff and given up after `max_attempts` (a dead e-mail an admin can retry,
//! see [`dead`]). A worker that dies mid-send leaves its claim to expire and the e-mail to
//! be sent again, with the same `Message-ID`: that one case is at-least-once, which is all
//! SMTP allows.

mod compose;
pub mod dead;

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result};
use openlance_storage::{AnyRow, Backend, Row};

use crate::Notifications;
use crate::kinds::{self, Kind};
use crate::notice::Content;

/// A claimed e-mail row.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub id: String,
    pub user: UserId,
    pub kind: &'static Kind,
    pub content: Content,
    pub message_id: String,
    pub attempts: i64,
}

const COLUMNS: &str = "id, user_id, kind, notice, message_id, attempts";

fn claimed(r: &AnyRow) -> Result<Claimed> {
    let kind: String = r.try_get("kind")?;
    let notice: String = r.try_get("notice")?;
    Ok(Claimed {
        id: r.try_get("id")?,
        user: UserId::parse(&r.try_get::<String, _>("user_id")?)?,
        kind: kinds::find(&kind)
            .ok_or_else(|| DomainError::internal(format!("unknown notification kind {kind}")))?,
        content: serde_json::from_str(&notice).map_err(DomainError::internal)?,
        message_id: r.try_get("message_id")?,
        attempts: r.try_get("attempts")?,
    })
}

/// What one attempt came to.
pub(crate) enum Outcome {
    Sent,
    /// Nobody to write to any more (account gone, link request spent).
    Skipped,
    Failed(String),
}

impl Notifications {
    /// Sends every e-mail due at `now` (one batch); returns how many were sent.
    pub async fn run_deliveries_once(&self, now: DateTime<Utc>) -> Result<usize> {
        Ok(self.round(now).await?.1)
    }

    /// Sends due e-mails now and then whenever the consumer queues more, or every
    /// `interval` (for retries coming due and other instances' rows), until `stopped` turns
    /// true: then it finishes the round in hand (recording every outcome while the database
    /// is still open) and returns, for `serve` to flush what is left.
    pub async fn run_deliveries_until(
        self,
        interval: Duration,
        mut stopped: tokio::sync::watch::Receiver<bool>,
    ) {
        while !*stopped.borrow() {
            match self.round(self.clock.now()).await {
                // A full batch: more may be due right away.
                Ok((claimed, _)) if claimed as i64 >= self.config.batch => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "e-mail delivery round failed"),
            }
            tokio::select! {
                _ = self.queued.notified() => {}
                _ = tokio::time::sleep(interval) => {}
                _ = stopped.changed() => {}
            }
        }
    }

    /// Sends what is due now, for a graceful shutdown (after the relay's flush); bounded to
    /// a few rounds.
    pub async fn flush_deliveries(&self) {
        for _ in 0..20 {
            match self.round(self.clock.now()).await {
                Ok((0, _)) => return,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "e-mail flush failed");
                    return;
                }
            }
        }
    }

    /// One round: (claimed, sent).
    async fn round(&self, now: DateTime<Utc>) -> Result<(usize, usize)> {
        let batch = self.claim_due(now).await?;
        let claimed = batch.len();
        let outcomes = join_all(batch.into_iter().map(|c| async move {
            let outcome = self.attempt(&c).await;
            (c, outcome)
        }))
        .await;
        let mut sent = 0;
        for (c, outcome) in outcomes {
            if matches!(outcome, Outcome::Sent) {
                sent += 1;
            }
            // Record every outcome even if one fails to: an unrecorded send is sent again
            // when its lease ends.
            if let Err(e) = self.record_outcome(&c, outcome).await {
                tracing::error!(email = %c.id, error = %e, "recording an e-mail's outcome failed");
            }
        }
        Ok((claimed, sent))
    }

    async fn claim_due(&self, now: DateTime<Utc>) -> Result<Vec<Claimed>> {
        let now = to_micros(now);
        let lease_until = now + self.config.lease.as_micros() as i64;
        let lock = match self.db.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE email_deliveries SET next_attempt_at = $1 WHERE id IN (\
               SELECT id FROM email_deliveries WHERE status = 'pending' AND next_attempt_at <= $2 \
               ORDER BY next_attempt_at LIMIT $3 {lock}) \
             RETURNING {COLUMNS}"
        );
        let mut tx = self.db.begin().await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(lease_until)
            .bind(now)
            .bind(self.config.batch)
            .fetch_all(tx.conn())
            .await?;
        tx.commit().await?;
        let mut batch = Vec::with_capacity(rows.len());
        for row in &rows {
            match claimed(row) {
                Ok(c) => batch.push(c),
                // A row this version cannot read (a kind it does not know) is given up at
                // once instead of blocking its batch on every round.
                Err(e) => self.give_up(row, &e.to_string()).await?,
            }
        }
        Ok(batch)
    }

    async fn give_up(&self, row: &AnyRow, error: &str) -> Result<()> {
        let id: String = row.try_get("id")?;
        tracing::error!(email = %id, error, "e-mail row unreadable; given up (dead letter)");
        let now = self.now_micros();
        sqlx::query(
            "UPDATE email_deliveries SET status = 'dead', last_error = $1, finished_at = $2 \
             WHERE id = $3 AND status = 'pending'",
        )
        .bind(error)
        .bind(now)
        .bind(&id)
        .execute(self.db.writer())
        .await?;
        Ok(())
    }

    /// Composes and sends one e-mail; no transaction is open meanwhile.
    pub(crate) async fn attempt(&self, c: &Claimed) -> Outcome {
        match self.compose(c).await {
            Ok(Some(email)) => match self.mailer.send(&email).await {
                Ok(()) => Outcome::Sent,
                Err(e) => Outcome::Failed(e),
            },
            Ok(None) => Outcome::Skipped,
            Err(e) => Outcome::Failed(e),
        }
    }

    /// Records an outcome, unless someone else already finished the row.
    async fn record_outcome(&self, c: &Claimed, outcome: Outcome) -> Result<()> {
        let now = self.now_micros();
        let attempts = c.attempts + 1;
        let (status, error, next) = match outcome {
            Outcome::Sent => ("sent", None, now),
            Outcome::Skipped => ("skipped", None, now),
            Outcome::Failed(e) if attempts >= i64::from(self.config.max_attempts.max(1)) => {
                tracing::error!(email = %c.id, kind = c.kind.name, attempts, error = %e,
                    "e-mail given up (dead letter: openlance admin notifications dead-letters)");
                ("dead", Some(e), now)
            }
            Outcome::Failed(e) => {
                let delay = self.backoff(attempts);
                tracing::warn!(email = %c.id, kind = c.kind.name, attempts,
                    retry_in_s = delay.as_secs(), error = %e, "e-mail not sent; will retry");
                ("pending", Some(e), now + delay.as_micros() as i64)
            }
        };
        let finished = (status != "pending").then_some(now);
        sqlx::query(
            "UPDATE email_deliveries SET status = $1, attempts = $2, last_error = $3, \
             next_attempt_at = $4, finished_at = $5 WHERE id = $6 AND status = 'pending'",
        )
        .bind(status)
        .bind(attempts)
        .bind(error)
        .bind(next)
        .bind(finished)
        .bind(&c.id)
        .execute(self.db.writer())
        .await?;
        Ok(())
    }

    /// `base * 2^(attempts-1)`, capped.
    fn backoff(&self, attempts: i64) -> Duration {
        let exp = attempts.clamp(1, 20) as u32 - 1;
        self.config
            .base_backoff
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.config.max_backoff)
    }

    /// E-mails waiting to be sent (a gauge for operators and tests).
    pub async fn pending_emails(&self) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS pending FROM email_deliveries WHERE status = 'pending'",
        )
        .fetch_one(self.db.reader())
        .await?;
        Ok(row.try_get("pending")?)
    }
}
