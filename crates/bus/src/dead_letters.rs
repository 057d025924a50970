//! Dead letters: events a consumer gave up on, either after failing `max_attempts` times
//! (outcome `failed`) or because an earlier delivery stopped mid-effect (outcome `unknown`:
//! the effect may have happened, so it is not repeated without an admin's say-so). An
//! admin lists them (`openlance admin events dead-letters`) and re-delivers one to its
//! consumer (`openlance admin events retry ID`), which removes it once handled.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use openlance_core::{
    Clock, DomainError, Event,
    id::EventId,
    time::{from_micros, to_micros},
};
use openlance_storage::{AnyRow, Db, Row};

use crate::Consumer;
use crate::delivery::{Delivered, deliver_once};

/// Why an event became a dead letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The consumer failed on every attempt; its effect did not happen.
    Failed,
    /// A delivery claimed the event and never finished: the effect may have happened.
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone)]
pub struct DeadLetter {
    pub id: i64,
    pub consumer: String,
    pub event: Event,
    pub attempts: i64,
    pub last_error: String,
    pub outcome: Outcome,
    pub dead_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    #[error("no dead letter {0}")]
    NotFound(i64),
    #[error("consumer '{0}' is not configured in this instance")]
    UnknownConsumer(String),
    #[error("the consumer failed again: {0}")]
    FailedAgain(String),
    #[error(transparent)]
    Storage(#[from] DomainError),
}

const COLUMNS: &str = "id, consumer, event_id, kind, subject, payload, occurred_at, attempts, \
    last_error, outcome, dead_at";

/// Every dead letter, oldest first.
pub async fn list(db: &Db) -> Result<Vec<DeadLetter>, DomainError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM dead_letters ORDER BY id"
    )))
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(from_row).collect()
}

/// One dead letter.
pub async fn get(db: &Db, id: i64) -> Result<Option<DeadLetter>, DomainError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM dead_letters WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.writer())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Delivers dead letter `id` to its consumer again, through the same delivery step as the
/// buses; on success the dead letter is gone, on failure it stays with the new error.
pub async fn retry(
    db: &Db,
    clock: &dyn Clock,
    consumers: &[Arc<dyn Consumer>],
    id: i64,
) -> Result<(), RetryError> {
    let letter = get(db, id).await?.ok_or(RetryError::NotFound(id))?;
    let consumer = consumers
        .iter()
        .find(|c| c.name() == letter.consumer)
        .ok_or_else(|| RetryError::UnknownConsumer(letter.consumer.clone()))?;
    // Reopen the event for this consumer; a receipt it finished stays (nothing to redo).
    sqlx::query(
        "DELETE FROM consumed_events WHERE consumer = $1 AND event_id = $2 AND state <> 'done'",
    )
    .bind(&letter.consumer)
    .bind(letter.event.id.to_string())
    .execute(db.writer())
    .await
    .map_err(DomainError::from)?;
    // One attempt: a failure puts it straight back among the dead letters.
    match deliver_once(db, clock, consumer.as_ref(), &letter.event, 1)
        .await
        .map_err(RetryError::FailedAgain)?
    {
        Delivered::Handled => Ok(()),
        Delivered::Skipped => {
            forget(db, id).await?;
            Ok(())
        }
        Delivered::Failed(e) | Delivered::DeadLettered(e) => Err(RetryError::FailedAgain(e)),
        Delivered::UnknownOutcome => Err(RetryError::FailedAgain(
            "another delivery holds the event right now".into(),
        )),
    }
}

/// Deletes dead letters recorded before `before_micros` (and their attempt counts).
pub async fn prune(db: &Db, before_micros: i64) -> Result<u64, DomainError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM delivery_attempts WHERE EXISTS (SELECT 1 FROM dead_letters d \
         WHERE d.consumer = delivery_attempts.consumer AND d.event_id = delivery_attempts.event_id \
         AND d.dead_at < $1)",
    )
    .bind(before_micros)
    .execute(tx.conn())
    .await?;
    let done = sqlx::query("DELETE FROM dead_letters WHERE dead_at < $1")
        .bind(before_micros)
        .execute(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

async fn forget(db: &Db, id: i64) -> Result<(), DomainError> {
    sqlx::query("DELETE FROM dead_letters WHERE id = $1")
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

fn from_row(r: &AnyRow) -> Result<DeadLetter, DomainError> {
    let event_id: String = r.try_get("event_id")?;
    let payload: String = r.try_get("payload")?;
    let outcome: String = r.try_get("outcome")?;
    Ok(DeadLetter {
        id: r.try_get("id")?,
        consumer: r.try_get("consumer")?,
        event: Event {
            id: EventId::parse(&event_id)?,
            kind: r.try_get("kind")?,
            subject: r.try_get("subject")?,
            payload: serde_json::from_str(&payload).map_err(DomainError::internal)?,
            occurred_at: from_micros(r.try_get("occurred_at")?),
        },
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        outcome: if outcome == "unknown" {
            Outcome::Unknown
        } else {
            Outcome::Failed
        },
        dead_at: from_micros(r.try_get("dead_at")?),
    })
}

/// `now - age` in the outbox's microsecond timestamps, for prune cut-offs.
pub fn cutoff(clock: &dyn Clock, age: std::time::Duration) -> i64 {
    to_micros(clock.now()) - age.as_micros() as i64
}
