//! The seller's moves: confirm a request (REQUESTED → ACCEPTED), decline it with a
//! reason (→ DECLINED), and mark a paid order done (DEPOSIT_PAID → DELIVERED, which
//! starts the auto-complete clock). Its buyer gets a 403, anyone else a 404.

use openlance_core::Result;
use openlance_core::id::UserId;

use crate::lock::{Stamp, can_move, load, locked, must_be, order_event, party, text};
use crate::{Order, OrderId, OrderStatus, Orders, Party};

impl Orders {
    /// The seller confirms the request ("Confirm request").
    pub async fn accept(&self, caller: UserId, id: OrderId) -> Result<Order> {
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        must_be(Party::Seller, party(&order, caller)?, "confirms a request")?;
        self.move_order(&mut tx, &order, OrderStatus::Accepted, Some(caller), None)
            .await?;
        let event = order_event!(OrderAccepted, order, deposit: order.deposit);
        self.emit(&mut tx, &event).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// The seller declines the request, saying why.
    pub async fn decline(&self, caller: UserId, id: OrderId, reason: &str) -> Result<Order> {
        let reason = text("reason", Some(reason), true)?.unwrap_or_default();
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        must_be(Party::Seller, party(&order, caller)?, "declines a request")?;
        self.move_order(
            &mut tx,
            &order,
            OrderStatus::Declined,
            Some(caller),
            Some(&reason),
        )
        .await?;
        let event = order_event!(OrderDeclined, order, reason: reason);
        self.emit(&mut tx, &event).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// The seller marks a paid order done. A pending cancellation request lapses: the
    /// work is delivered, and the buyer may dispute it instead.
    pub async fn deliver(&self, caller: UserId, id: OrderId) -> Result<Order> {
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        must_be(Party::Seller, party(&order, caller)?, "delivers")?;
        can_move(&order, OrderStatus::Delivered)?;
        self.move_order(&mut tx, &order, OrderStatus::Delivered, Some(caller), None)
            .await?;
        self.stamp(&mut tx, &order, Stamp::Delivered).await?;
        sqlx::query("UPDATE orders SET cancellation_requested_by = NULL WHERE id = $1")
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        let event = order_event!(OrderDelivered, order);
        self.emit(&mut tx, &event).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }
}
