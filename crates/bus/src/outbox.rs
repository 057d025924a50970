//! Writing events: always inside the caller's transaction.

use openlance_core::{Event, Result, time::to_micros};
use openlance_storage::Tx;

/// Records `event` in the outbox as part of `tx`. It is published only if `tx` commits.
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
    Ok(())
}
