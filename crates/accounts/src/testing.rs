//! Helpers for tests of code that uses accounts: reading the emails accounts asked to
//! send (the outbox events carrying verification and reset tokens).

use openlance_core::{DomainError, Result};
use openlance_storage::Db;
use sqlx::Row;

/// The payloads of outbox events of `kind`, oldest first.
pub async fn outbox_payloads(db: &Db, kind: &str) -> Result<Vec<serde_json::Value>> {
    let rows =
        sqlx::query("SELECT payload FROM outbox WHERE kind = $1 ORDER BY occurred_at, event_id")
            .bind(kind)
            .fetch_all(db.reader())
            .await?;
    rows.iter()
        .map(|r| {
            let text: String = r.try_get("payload")?;
            serde_json::from_str(&text).map_err(DomainError::internal)
        })
        .collect()
}
