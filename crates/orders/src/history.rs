//! An order's history: its placing, then every transition from the audit table, oldest
//! first. Only its two parties read it.

use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_storage::Row;

use crate::lock::{load, party};
use crate::{OrderId, OrderStatus, Orders};

/// One recorded change of an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `None` for the placing of the order.
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    /// Who did it; `None` for a timer.
    pub actor_id: Option<UserId>,
    /// A decline or dispute reason, a cancellation reason, an admin's note, a timer's note.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

impl Orders {
    /// The order's history, oldest first, for its buyer or seller.
    pub async fn history(&self, caller: UserId, id: OrderId) -> Result<Vec<HistoryEntry>> {
        let mut conn = self.db.reader().acquire().await?;
        let order = load(&mut conn, id).await?;
        party(&order, caller)?;
        let rows = sqlx::query(
            "SELECT from_status, to_status, actor_id, reason, occurred_at FROM order_transitions \
             WHERE subject_id = $1 ORDER BY occurred_at, id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?;
        let placed = HistoryEntry {
            from: None,
            to: OrderStatus::Requested,
            actor_id: Some(order.buyer_id),
            reason: None,
            at: order.created_at,
        };
        let mut history = vec![placed];
        for row in rows {
            history.push(HistoryEntry {
                from: Some(OrderStatus::stored(
                    &row.try_get::<String, _>("from_status")?,
                )?),
                to: OrderStatus::stored(&row.try_get::<String, _>("to_status")?)?,
                actor_id: row
                    .try_get::<Option<String>, _>("actor_id")?
                    .map(|a| UserId::parse(&a))
                    .transpose()?,
                reason: row.try_get("reason")?,
                at: from_micros(row.try_get("occurred_at")?),
            });
        }
        Ok(history)
    }
}
