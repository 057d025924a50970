//! Disputes: the buyer contests a delivery (DELIVERED → DISPUTED, with a reason), which
//! stops the auto-complete clock; an admin reads the open disputes and resolves each
//! with a note — release (→ COMPLETED: paid to the seller as the auto-complete timer
//! would, the balance from the buyer's wallet or left due) or refund (→ REFUNDED: the
//! escrowed deposit back to the buyer).

use openlance_core::cursor::{Cursor, Page};
use openlance_core::id::UserId;
use openlance_core::{Result, page_limit};
use sqlx::AssertSqlSafe;

use crate::lock::{load, locked, must_be, must_be_admin, order_event, party, text};
use crate::model::{ORDER_COLUMNS, order_from_row};
use crate::pay::Completer;
use crate::{Order, OrderId, OrderStatus, Orders, Party};

/// How an admin settles a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Pay the seller: the order is COMPLETED.
    Release,
    /// Give the deposit back to the buyer: the order is REFUNDED.
    Refund,
}

impl Orders {
    /// The buyer disputes a delivered order, saying why.
    pub async fn dispute(&self, caller: UserId, id: OrderId, reason: &str) -> Result<Order> {
        let reason = text("reason", Some(reason), true)?.unwrap_or_default();
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        must_be(Party::Buyer, party(&order, caller)?, "disputes a delivery")?;
        self.move_order(
            &mut tx,
            &order,
            OrderStatus::Disputed,
            Some(caller),
            Some(&reason),
        )
        .await?;
        sqlx::query("UPDATE orders SET dispute_reason = $1 WHERE id = $2")
            .bind(&reason)
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        let event = order_event!(OrderDisputed, order, reason: reason);
        self.emit(&mut tx, &event).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// An admin settles a disputed order with a note. Anyone else gets a 403; an order
    /// that is not DISPUTED a 409 naming its state.
    pub async fn resolve_dispute(
        &self,
        caller: UserId,
        is_admin: bool,
        id: OrderId,
        resolution: Resolution,
        note: &str,
    ) -> Result<Order> {
        must_be_admin(is_admin, "resolves a dispute")?;
        let note = text("note", Some(note), true)?.unwrap_or_default();
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        if order.status != OrderStatus::Disputed {
            let to = match resolution {
                Resolution::Release => OrderStatus::Completed,
                Resolution::Refund => OrderStatus::Refunded,
            };
            return Err(openlance_core::transition::refused(order.status, to));
        }
        match resolution {
            Resolution::Release => {
                self.complete_in(&mut tx, &order, Completer::Admin(caller), Some(&note))
                    .await?;
            }
            Resolution::Refund => {
                self.move_order(
                    &mut tx,
                    &order,
                    OrderStatus::Refunded,
                    Some(caller),
                    Some(&note),
                )
                .await?;
                let refunded = self.refund(&mut tx, &order, "refund").await?;
                let event = order_event!(DisputeRefunded, order,
                    admin_id: caller.to_string(), note: note, refunded: refunded,
                );
                self.emit(&mut tx, &event).await?;
            }
        }
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// The open disputes, oldest order first, for an admin (anyone else: 403).
    pub async fn disputes(
        &self,
        is_admin: bool,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Page<Order>> {
        must_be_admin(is_admin, "reads the disputes")?;
        let limit = page_limit(limit)?;
        let after: String = cursor.map(Cursor::decode).transpose()?.unwrap_or_default();
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE status = 'DISPUTED' AND id > $1 \
             ORDER BY id LIMIT $2"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(after)
            .bind(limit as i64 + 1)
            .fetch_all(self.db.reader())
            .await?;
        let orders = rows
            .iter()
            .map(order_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(orders, limit, |o| o.id.to_string()))
    }
}
