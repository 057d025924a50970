//! The two timers of an order:
//! - expiry: a request the seller has not answered within `request_expiry` (72 h by
//!   default) becomes EXPIRED;
//! - auto-complete: an order DELIVERED for `auto_complete` (3 days by default) without
//!   the buyer confirming or disputing it becomes COMPLETED, through the same path as an
//!   admin's release (the balance from the buyer's wallet when it holds enough,
//!   otherwise left as `balance_due`; the escrow goes to the seller minus the fee).
//!
//! Safe with several instances: a pass reads the due orders, then handles each in its
//! own transaction after locking its row (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! another instance skips it; SQLite has one writer) and re-checking it is still due;
//! the conditional transition makes a second attempt a no-op.

use std::time::Duration;

use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::time::to_micros;
use openlance_storage::{Backend, Row};
use sqlx::AssertSqlSafe;

use crate::lock::{load, order_event};
use crate::pay::Completer;
use crate::{OrderId, OrderStatus, Orders};

/// How many due orders one pass handles at most.
const BATCH: i64 = 100;

/// One timer: which state it watches and which column starts its clock.
#[derive(Clone, Copy)]
enum Timer {
    Expiry,
    AutoComplete,
}

impl Timer {
    fn status(self) -> OrderStatus {
        match self {
            Self::Expiry => OrderStatus::Requested,
            Self::AutoComplete => OrderStatus::Delivered,
        }
    }

    fn since(self) -> &'static str {
        match self {
            Self::Expiry => "created_at",
            Self::AutoComplete => "delivered_at",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Expiry => "order expiry timer",
            Self::AutoComplete => "order auto-complete timer",
        }
    }
}

impl Orders {
    /// Expires every request due at `now`; returns how many this call expired.
    pub async fn run_expiry_once(&self, now: DateTime<Utc>) -> Result<usize> {
        self.run_once(Timer::Expiry, now).await
    }

    /// Completes every delivered order due at `now`; returns how many this call completed.
    pub async fn run_auto_complete_once(&self, now: DateTime<Utc>) -> Result<usize> {
        self.run_once(Timer::AutoComplete, now).await
    }

    /// Runs [`Self::run_expiry_once`] every `interval`, forever (spawned by `serve`).
    pub async fn run_expiry_every(self, interval: Duration) {
        self.run_every(Timer::Expiry, interval).await
    }

    /// Runs [`Self::run_auto_complete_once`] every `interval`, forever (spawned by `serve`).
    pub async fn run_auto_complete_every(self, interval: Duration) {
        self.run_every(Timer::AutoComplete, interval).await
    }

    async fn run_every(self, timer: Timer, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(e) = self.run_once(timer, self.clock.now()).await {
                tracing::warn!(error = %e, timer = timer.name(), "pass failed");
            }
        }
    }

    async fn run_once(&self, timer: Timer, now: DateTime<Utc>) -> Result<usize> {
        let period = match timer {
            Timer::Expiry => self.config.request_expiry,
            Timer::AutoComplete => self.config.auto_complete,
        };
        let period = i64::try_from(period.as_micros()).unwrap_or(i64::MAX);
        let due_before = to_micros(now).saturating_sub(period);
        // The state is written literally, so each engine walks the timer's partial index
        // (`WHERE status = 'REQUESTED'` / `'DELIVERED'`) instead of the whole table.
        let sql = format!(
            "SELECT id FROM orders WHERE status = '{status}' AND {since} <= $1 \
             ORDER BY {since} LIMIT $2",
            status = timer.status().as_str(),
            since = timer.since()
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(due_before)
            .bind(BATCH)
            .fetch_all(self.db.reader())
            .await?;
        let mut handled = 0;
        for row in rows {
            let id = OrderId::parse(&row.try_get::<String, _>("id")?)?;
            match self.handle_due(timer, id, due_before).await {
                Ok(true) => handled += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(order = %id, error = %e, timer = timer.name(), "could not move a due order")
                }
            }
        }
        Ok(handled)
    }

    /// Moves one due order unless another instance holds or already moved it.
    async fn handle_due(&self, timer: Timer, id: OrderId, due_before: i64) -> Result<bool> {
        let mut tx = self.db.begin().await?;
        let lock = match tx.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "SELECT id FROM orders WHERE id = $1 AND status = $2 AND {} <= $3{lock}",
            timer.since()
        );
        let claimed = sqlx::query(AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(timer.status().as_str())
            .bind(due_before)
            .fetch_optional(tx.conn())
            .await?;
        if claimed.is_none() {
            return Ok(false);
        }
        let order = load(tx.conn(), id).await?;
        match timer {
            Timer::Expiry => {
                let hours = self.config.request_expiry.as_secs() / 3600;
                let note = format!("expired: the seller did not answer within {hours} hours");
                self.move_order(&mut tx, &order, OrderStatus::Expired, None, Some(&note))
                    .await?;
                let event = order_event!(OrderExpired, order);
                self.emit(&mut tx, &event).await?;
            }
            Timer::AutoComplete => {
                self.complete_in(&mut tx, &order, Completer::Timer, None)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }
}
