//! The one delivery step every bus uses (in-process, NATS, RabbitMQ, and an admin's retry
//! of a dead letter): claim the event for the consumer, run its effect, finish the claim.
//!
//! - The claim is committed *before* the effect, so a failure after the effect (say the
//!   pool times out while recording it) never runs the effect again on redelivery.
//! - A failing effect releases the claim and counts an attempt; after `max_attempts` the
//!   event becomes a dead letter for that consumer and is acknowledged so it stops blocking.
//! - A claim found still open on delivery means an earlier delivery stopped between claim
//!   and finish (a crash mid-effect, or a failed write after it): the effect may or may not
//!   have happened, so it is not run again (at most once, as an e-mail wants) but shown to
//!   an admin as a dead letter with an unknown outcome.

use openlance_core::{Clock, Event, Result, time::to_micros};
use openlance_storage::{Db, Row};

use crate::Consumer;

/// Deliveries of one event to one consumer before it becomes a dead letter.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;

/// What one delivery did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Delivered {
    /// The effect ran and the receipt is finished.
    Handled,
    /// The consumer had finished this event before (or gave up on it).
    Skipped,
    /// The effect failed and will be retried.
    Failed(String),
    /// The effect failed for the last time: the event is now a dead letter.
    DeadLettered(String),
    /// An earlier delivery left its claim open; recorded for an admin, not re-run.
    UnknownOutcome,
}

/// Hands `event` to `consumer` once (see the module docs). `Err` asks the bus to deliver it
/// again later; `Ok` means the consumer is done with it, handled or dead-lettered.
pub async fn deliver(
    db: &Db,
    clock: &dyn Clock,
    consumer: &dyn Consumer,
    event: &Event,
    max_attempts: u32,
) -> std::result::Result<(), String> {
    match deliver_once(db, clock, consumer, event, max_attempts).await? {
        Delivered::Failed(e) => Err(format!("{}: {e}", consumer.name())),
        _ => Ok(()),
    }
}

pub(crate) async fn deliver_once(
    db: &Db,
    clock: &dyn Clock,
    consumer: &dyn Consumer,
    event: &Event,
    max_attempts: u32,
) -> std::result::Result<Delivered, String> {
    let name = consumer.name();
    let ctx = |e: openlance_core::DomainError| format!("{name}: {e}");
    let now = to_micros(clock.now());
    match take(db, name, event, now).await.map_err(ctx)? {
        Receipt::Finished => return Ok(Delivered::Skipped),
        Receipt::Open => {
            tracing::error!(consumer = name, event = %event.id, kind = %event.kind,
                "an earlier delivery never finished; its effect is not repeated (dead letter)");
            record_dead_letter(db, name, event, "unknown", OPEN_CLAIM, now)
                .await
                .map_err(ctx)?;
            return Ok(Delivered::UnknownOutcome);
        }
        Receipt::Taken => {}
    }
    if let Err(e) = consumer.handle(event).await {
        tracing::warn!(consumer = name, event = %event.id, kind = %event.kind, error = %e, "consumer failed");
        let dead = fail(db, name, event, &e, max_attempts, now)
            .await
            .map_err(ctx)?;
        if dead {
            tracing::error!(consumer = name, event = %event.id, kind = %event.kind, error = %e,
                "event given up after {max_attempts} attempts (dead letter)");
            return Ok(Delivered::DeadLettered(e));
        }
        return Ok(Delivered::Failed(e));
    }
    finish(db, name, event, to_micros(clock.now()))
        .await
        .map_err(ctx)?;
    Ok(Delivered::Handled)
}

/// Decodes an event as a broker carried it and delivers it. An event the consumer does not
/// want, or one that cannot be decoded (it would fail forever), is done with.
pub(crate) async fn deliver_message(
    db: &Db,
    clock: &dyn Clock,
    consumer: &dyn Consumer,
    payload: &[u8],
    max_attempts: u32,
) -> std::result::Result<(), String> {
    match serde_json::from_slice::<Event>(payload) {
        Ok(event) if !consumer.wants(&event.kind) => Ok(()),
        Ok(event) => deliver(db, clock, consumer, &event, max_attempts).await,
        Err(e) => {
            tracing::error!(consumer = consumer.name(), error = %e, "undecodable event; dropping it");
            Ok(())
        }
    }
}

const OPEN_CLAIM: &str = "an earlier delivery claimed this event and never finished: the effect may or may not have happened";

enum Receipt {
    /// This delivery holds the claim now.
    Taken,
    /// Handled (or given up) before.
    Finished,
    /// Claimed by an earlier delivery that never finished.
    Open,
}

/// Takes the claim, committed on its own so it survives whatever the effect does.
async fn take(db: &Db, consumer: &str, event: &Event, now: i64) -> Result<Receipt> {
    let taken = sqlx::query(
        "INSERT INTO consumed_events (consumer, event_id, consumed_at, state) \
         VALUES ($1, $2, $3, 'claimed') ON CONFLICT (consumer, event_id) DO NOTHING",
    )
    .bind(consumer)
    .bind(event.id.to_string())
    .bind(now)
    .execute(db.writer())
    .await?;
    if taken.rows_affected() == 1 {
        return Ok(Receipt::Taken);
    }
    let row =
        sqlx::query("SELECT state FROM consumed_events WHERE consumer = $1 AND event_id = $2")
            .bind(consumer)
            .bind(event.id.to_string())
            .fetch_optional(db.writer())
            .await?;
    Ok(match row {
        Some(row) if row.try_get::<String, _>("state")? == "claimed" => Receipt::Open,
        Some(_) => Receipt::Finished,
        // Pruned between the two statements: it was finished long ago.
        None => Receipt::Finished,
    })
}

/// The effect happened: the receipt is done, its attempts and any stale dead letter go.
async fn finish(db: &Db, consumer: &str, event: &Event, now: i64) -> Result<()> {
    let id = event.id.to_string();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE consumed_events SET state = 'done', consumed_at = $1 \
         WHERE consumer = $2 AND event_id = $3",
    )
    .bind(now)
    .bind(consumer)
    .bind(&id)
    .execute(tx.conn())
    .await?;
    for table in ["delivery_attempts", "dead_letters"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE consumer = $1 AND event_id = $2"
        )))
        .bind(consumer)
        .bind(&id)
        .execute(tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The effect failed: count the attempt, then either release the claim for a retry or,
/// at the last attempt, make the event a dead letter. Returns whether it is dead.
async fn fail(
    db: &Db,
    consumer: &str,
    event: &Event,
    error: &str,
    max_attempts: u32,
    now: i64,
) -> Result<bool> {
    let id = event.id.to_string();
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO delivery_attempts (consumer, event_id, attempts, last_error) \
         VALUES ($1, $2, 1, $3) ON CONFLICT (consumer, event_id) \
         DO UPDATE SET attempts = delivery_attempts.attempts + 1, last_error = $3 \
         RETURNING attempts",
    )
    .bind(consumer)
    .bind(&id)
    .bind(error)
    .fetch_one(tx.conn())
    .await?;
    let attempts: i64 = row.try_get("attempts")?;
    let dead = attempts >= i64::from(max_attempts.max(1));
    if dead {
        upsert_dead_letter(&mut tx, consumer, event, "failed", attempts, error, now).await?;
        sqlx::query(
            "UPDATE consumed_events SET state = 'dead' WHERE consumer = $1 AND event_id = $2",
        )
        .bind(consumer)
        .bind(&id)
        .execute(tx.conn())
        .await?;
    } else {
        sqlx::query(
            "DELETE FROM consumed_events WHERE consumer = $1 AND event_id = $2 AND state = 'claimed'",
        )
        .bind(consumer)
        .bind(&id)
        .execute(tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(dead)
}

async fn record_dead_letter(
    db: &Db,
    consumer: &str,
    event: &Event,
    outcome: &str,
    error: &str,
    now: i64,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let attempts =
        sqlx::query("SELECT attempts FROM delivery_attempts WHERE consumer = $1 AND event_id = $2")
            .bind(consumer)
            .bind(event.id.to_string())
            .fetch_optional(tx.conn())
            .await?
            .map(|r| r.try_get::<i64, _>("attempts"))
            .transpose()?
            .unwrap_or(0)
            + 1;
    upsert_dead_letter(&mut tx, consumer, event, outcome, attempts, error, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn upsert_dead_letter(
    tx: &mut openlance_storage::Tx,
    consumer: &str,
    event: &Event,
    outcome: &str,
    attempts: i64,
    error: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dead_letters (consumer, event_id, kind, subject, payload, occurred_at, \
           attempts, last_error, outcome, dead_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (consumer, event_id) DO UPDATE SET attempts = $7, last_error = $8, \
           outcome = $9, dead_at = $10",
    )
    .bind(consumer)
    .bind(event.id.to_string())
    .bind(&event.kind)
    .bind(&event.subject)
    .bind(event.payload.to_string())
    .bind(to_micros(event.occurred_at))
    .bind(attempts)
    .bind(error)
    .bind(outcome)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}
