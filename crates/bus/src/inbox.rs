//! Consumer receipts: which consumer has handled which event. A consumer that writes to
//! the database claims the event in the same transaction as its own writes, so its effect
//! happens exactly once even when the relay delivers the event twice.

use openlance_core::{Result, id::EventId, time::to_micros};
use openlance_storage::{Db, Tx};

/// Claims `event_id` for `consumer` inside `tx`; `false` means it was handled before.
pub async fn claim(
    tx: &mut Tx,
    consumer: &str,
    event_id: EventId,
    now_micros: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO consumed_events (consumer, event_id, consumed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (consumer, event_id) DO NOTHING",
    )
    .bind(consumer)
    .bind(event_id.to_string())
    .bind(now_micros)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `consumer` has already acknowledged `event_id`.
pub async fn seen(db: &Db, consumer: &str, event_id: EventId) -> Result<bool> {
    let row = sqlx::query("SELECT 1 FROM consumed_events WHERE consumer = $1 AND event_id = $2")
        .bind(consumer)
        .bind(event_id.to_string())
        .fetch_optional(db.reader())
        .await?;
    Ok(row.is_some())
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
