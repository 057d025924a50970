//! The outbox relay: claims due events, publishes them, marks them published, and on
//! failure schedules a retry with exponential backoff. A claim is a lease: a relay that
//! dies mid-publish leaves its events to be re-published once the lease runs out, which is
//! what makes delivery at-least-once across crashes and restarts.

use std::sync::Arc;
use std::time::Duration;

use openlance_core::{
    Clock, Event, Result,
    id::EventId,
    time::{from_micros, to_micros},
};
use openlance_storage::{Backend, Db, Row};
use tokio::sync::{Notify, watch};

use crate::Bus;

#[derive(Debug, Clone)]
pub struct RelaySettings {
    /// Events claimed per round.
    pub batch: i64,
    /// How long a claim lasts before another relay may take the event.
    pub lease: Duration,
    /// How often to look for due events when nobody signals new ones.
    pub poll_interval: Duration,
    /// First retry delay; doubles per attempt up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// How long published events (and consumer receipts) are kept.
    pub retention: Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            batch: 100,
            lease: Duration::from_secs(30),
            poll_interval: Duration::from_millis(250),
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(300),
            retention: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

#[derive(Clone)]
pub struct Relay {
    db: Db,
    bus: Arc<dyn Bus>,
    clock: Arc<dyn Clock>,
    settings: RelaySettings,
    signal: Arc<Notify>,
}

impl Relay {
    pub fn new(db: Db, bus: Arc<dyn Bus>, clock: Arc<dyn Clock>, settings: RelaySettings) -> Self {
        Self {
            db,
            bus,
            clock,
            settings,
            signal: Arc::new(Notify::new()),
        }
    }

    /// Wake the relay right away (call after committing a transaction with events).
    pub fn signal(&self) -> Arc<Notify> {
        self.signal.clone()
    }

    /// One round: claim due events, publish each, record the outcome. Returns how many
    /// were published.
    pub async fn run_once(&self) -> Result<usize> {
        let events = self.claim().await?;
        let mut published = 0;
        for (event, attempts) in events {
            match self.bus.publish(&event).await {
                Ok(()) => {
                    self.mark_published(event.id).await?;
                    published += 1;
                }
                Err(e) => self.schedule_retry(event.id, attempts + 1, &e.0).await?,
            }
        }
        Ok(published)
    }

    /// Runs until `shutdown` turns true, then publishes what is already due and returns.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut last_prune = tokio::time::Instant::now();
        loop {
            if last_prune.elapsed() > Duration::from_secs(600) {
                self.prune().await;
                last_prune = tokio::time::Instant::now();
            }
            if *shutdown.borrow() {
                break;
            }
            match self.run_once().await {
                Ok(n) if n as i64 == self.settings.batch => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox relay round failed"),
            }
            tokio::select! {
                _ = self.signal.notified() => {}
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
                _ = shutdown.changed() => {}
            }
        }
        self.flush().await;
    }

    /// Publishes everything due now, for a graceful shutdown; bounded to a few rounds.
    pub async fn flush(&self) {
        for _ in 0..50 {
            match self.run_once().await {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "outbox flush failed");
                    return;
                }
            }
        }
    }

    /// Number of events not yet published.
    pub async fn pending(&self) -> Result<i64> {
        crate::outbox::pending(&self.db).await
    }

    /// Forgets events published longer ago than the retention period.
    async fn prune(&self) {
        let cutoff = to_micros(self.clock.now()) - self.settings.retention.as_micros() as i64;
        match crate::outbox::prune_published(&self.db, cutoff).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(pruned = n, "pruned published events"),
            Err(e) => tracing::warn!(error = %e, "pruning the outbox failed"),
        }
    }

    async fn claim(&self) -> Result<Vec<(Event, i64)>> {
        let now = to_micros(self.clock.now());
        let lease_until = now + self.settings.lease.as_micros() as i64;
        // PostgreSQL relays on several instances skip each other's rows; SQLite has one writer.
        let lock = match self.db.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET next_attempt_at = $1 WHERE seq IN (\
               SELECT seq FROM outbox WHERE published_at IS NULL AND next_attempt_at <= $2 \
               ORDER BY seq LIMIT $3 {lock}) \
             RETURNING seq, event_id, kind, subject, payload, occurred_at, attempts"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(lease_until)
            .bind(now)
            .bind(self.settings.batch)
            .fetch_all(self.db.writer())
            .await?;
        let mut events: Vec<(i64, Event, i64)> = rows
            .iter()
            .map(|r| {
                let id: String = r.get("event_id");
                let payload: String = r.get("payload");
                let event = Event {
                    id: EventId::parse(&id)?,
                    kind: r.get("kind"),
                    subject: r.get("subject"),
                    payload: serde_json::from_str(&payload)
                        .map_err(openlance_core::DomainError::internal)?,
                    occurred_at: from_micros(r.get("occurred_at")),
                };
                Ok((r.get::<i64, _>("seq"), event, r.get::<i64, _>("attempts")))
            })
            .collect::<Result<_>>()?;
        events.sort_by_key(|(seq, _, _)| *seq);
        Ok(events.into_iter().map(|(_, e, a)| (e, a)).collect())
    }

    async fn mark_published(&self, id: EventId) -> Result<()> {
        sqlx::query("UPDATE outbox SET published_at = $1, last_error = NULL WHERE event_id = $2")
            .bind(to_micros(self.clock.now()))
            .bind(id.to_string())
            .execute(self.db.writer())
            .await?;
        Ok(())
    }

    async fn schedule_retry(&self, id: EventId, attempts: i64, error: &str) -> Result<()> {
        let delay = backoff(&self.settings, attempts);
        tracing::warn!(event = %id, attempts, retry_in_ms = delay.as_millis() as u64, error, "event publish failed");
        sqlx::query("UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE event_id = $4")
            .bind(attempts)
            .bind(to_micros(self.clock.now()) + delay.as_micros() as i64)
            .bind(error)
            .bind(id.to_string())
            .execute(self.db.writer())
            .await?;
        Ok(())
    }
}

/// `base * 2^(attempts-1)`, capped.
fn backoff(settings: &RelaySettings, attempts: i64) -> Duration {
    let exp = attempts.clamp(1, 20) as u32 - 1;
    settings
        .base_backoff
        .saturating_mul(2u32.saturating_pow(exp))
        .min(settings.max_backoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let s = RelaySettings::default();
        assert_eq!(backoff(&s, 1), Duration::from_secs(1));
        assert_eq!(backoff(&s, 3), Duration::from_secs(4));
        assert_eq!(backoff(&s, 30), Duration::from_secs(300));
    }
}
