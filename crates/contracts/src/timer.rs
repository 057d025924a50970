//! The review timer: a milestone left IN_REVIEW longer than the review period is
//! accepted automatically, through the same path as a client's acceptance (its payment
//! request is created). Safe with several instances: each due milestone is accepted in
//! its own transaction after locking its row (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! another instance skips it; SQLite has one writer), and the conditional transition
//! makes a second acceptance a no-op.

use std::time::Duration;

use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::time::to_micros;
use openlance_storage::{Backend, Row};

use crate::read::{load_contract, load_milestone};
use crate::{ContractStatus, Contracts, MilestoneId, MilestoneStatus};

/// How many due milestones one pass handles at most.
const BATCH: i64 = 100;

impl Contracts {
    /// Accepts every milestone due at `now`; returns how many this call accepted.
    pub async fn run_timers_once(&self, now: DateTime<Utc>) -> Result<usize> {
        let period = i64::try_from(self.config.review_period.as_micros()).unwrap_or(i64::MAX);
        let due_before = to_micros(now).saturating_sub(period);
        let rows = sqlx::query(
            "SELECT id FROM milestones WHERE status = 'IN_REVIEW' AND in_review_since <= $1 \
             ORDER BY in_review_since LIMIT $2",
        )
        .bind(due_before)
        .bind(BATCH)
        .fetch_all(self.db.reader())
        .await?;
        let mut accepted = 0;
        for row in rows {
            let id = MilestoneId::parse(&row.try_get::<String, _>("id")?)?;
            match self.accept_due(id, due_before).await {
                Ok(true) => accepted += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(milestone = %id, error = %e, "review timer could not accept")
                }
            }
        }
        Ok(accepted)
    }

    /// Runs [`Self::run_timers_once`] every `interval`, forever (spawned by `serve`).
    pub async fn run_timers_every(self, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(e) = self.run_timers_once(self.clock.now()).await {
                tracing::warn!(error = %e, "review timer pass failed");
            }
        }
    }

    /// Accepts one due milestone unless another instance holds or already moved it.
    async fn accept_due(&self, id: MilestoneId, due_before: i64) -> Result<bool> {
        let mut tx = self.db.begin().await?;
        let lock = match tx.backend() {
            Backend::Postgres => {
                "SELECT id FROM milestones WHERE id = $1 AND status = 'IN_REVIEW' \
                 AND in_review_since <= $2 FOR UPDATE SKIP LOCKED"
            }
            Backend::Sqlite => {
                "SELECT id FROM milestones WHERE id = $1 AND status = 'IN_REVIEW' \
                 AND in_review_since <= $2"
            }
        };
        let claimed = sqlx::query(lock)
            .bind(id.to_string())
            .bind(due_before)
            .fetch_optional(tx.conn())
            .await?;
        if claimed.is_none() {
            return Ok(false);
        }
        let milestone = load_milestone(tx.conn(), id).await?;
        let contract = load_contract(tx.conn(), milestone.contract_id).await?;
        if milestone.status != MilestoneStatus::InReview
            || contract.status != ContractStatus::Active
        {
            return Ok(false);
        }
        self.accept_in(&mut tx, &contract, &milestone, None).await?;
        tx.commit().await?;
        Ok(true)
    }
}
