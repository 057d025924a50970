//! Writing events: always inside the caller's transaction.

use openlance_core::{Event, Result, time::to_micros};
use openlance_storage::{Db, Row, Tx};

/// Records `event` in the outbox as part of `tx`. It is published only if `tx` commits;
/// committing `tx` then wakes the relay by itself.
pub async fn append(tx: &mut Tx, event: &Event) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (event_id, kind, subject, payload, occurred_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(event.id.to_string())
    .bind(&event.kind)
    .bind(&event.subject)
    .bind(event.payload.to_string())
    .bind(to_micros(event.occurred_at))
    .execute(tx.conn())
    .await?;
    tx.mark_events_written();
    Ok(())
}

/// Number of committed events not yet published (a gauge on `/metrics`).
pub async fn pending(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL")
        .fetch_one(db.reader())
        .await?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Deletes events published before `before_micros`, and finished consumer receipts of the
/// same age unless their event is still waiting to be published (a receipt is what stops a
/// retry from reaching a consumer twice). An open claim stays: it marks an effect of
/// unknown outcome that must not run again.
pub async fn prune_published(db: &Db, before_micros: i64) -> Result<u64> {
    let mut tx = db.begin().await?;
    let done =
        sqlx::query("DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $1")
            .bind(before_micros)
            .execute(tx.conn())
            .await?;
    sqlx::query(
        "DELETE FROM consumed_events WHERE consumed_at < $1 AND state <> 'claimed' \
         AND event_id NOT IN (SELECT event_id FROM outbox WHERE published_at IS NULL)",
    )
    .bind(before_micros)
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// The payloads of the events of `kind`, oldest first: for tests and operators checking
/// what a change asked to happen.
pub async fn payloads_of_kind(db: &Db, kind: &str) -> Result<Vec<serde_json::Value>> {
    let rows = sqlx::query("SELECT payload FROM outbox WHERE kind = $1 ORDER BY seq")
        .bind(kind)
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| {
            let text: String = r.try_get("payload")?;
            serde_json::from_str(&text).map_err(openlance_core::DomainError::internal)
        })
        .collect()
}
