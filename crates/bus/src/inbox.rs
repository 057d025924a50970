//! Consumer receipts: which consumer has handled which event. The shared delivery step
//! ([`crate::deliver`]) takes a receipt in state `claimed` before a consumer's effect and
//! finishes it (`done`) after, so an effect never runs twice for one event. A consumer that
//! writes to the database can also finish the receipt in the same transaction as its own
//! writes ([`claim`]), making its effect exactly-once even if the process dies right after.

use openlance_core::{Result, id::EventId, time::to_micros};
use openlance_storage::{Db, Row, Tx};

/// Finishes `consumer`'s receipt for `event_id` inside `tx` (taking it if there is none);
/// `false` means the event was handled before and `tx` must not repeat its effect.
pub async fn claim(
    tx: &mut Tx,
    consumer: &str,
    event_id: EventId,
    now_micros: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO consumed_events (consumer, event_id, consumed_at, state) \
         VALUES ($1, $2, $3, 'done') \
         ON CONFLICT (consumer, event_id) DO UPDATE SET state = 'done', consumed_at = $3 \
         WHERE consumed_events.state = 'claimed'",
    )
    .bind(consumer)
    .bind(event_id.to_string())
    .bind(now_micros)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `consumer` has finished `event_id` (handled it, or given up on it).
pub async fn seen(db: &Db, consumer: &str, event_id: EventId) -> Result<bool> {
    let row =
        sqlx::query("SELECT state FROM consumed_events WHERE consumer = $1 AND event_id = $2")
            .bind(consumer)
            .bind(event_id.to_string())
            .fetch_optional(db.reader())
            .await?;
    Ok(match row {
        Some(row) => row.try_get::<String, _>("state")? != "claimed",
        None => false,
    })
}

/// Records that `consumer` handled `event_id` (for consumers with no database writes).
pub async fn acknowledge(
    db: &Db,
    consumer: &str,
    event_id: EventId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let mut tx = db.begin().await?;
    claim(&mut tx, consumer, event_id, to_micros(now)).await?;
    tx.commit().await?;
    Ok(())
}
