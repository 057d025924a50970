//! Cancelling an order:
//! - REQUESTED: the buyer withdraws it (the seller declines instead: 403);
//! - ACCEPTED: either party, nothing was charged;
//! - DEPOSIT_PAID: both parties must agree. The first party's cancel records a
//!   cancellation request (the order stays DEPOSIT_PAID and shows who asked); the other
//!   party's cancel moves it to CANCELLED and refunds the deposit to the buyer. The same
//!   party asking twice is a 409 `cancellation_requested`;
//! - an admin may cancel any of these with a note, refunding what escrow holds.
//!
//! Later states are a 409 naming the current state (a delivery is disputed, not
//! cancelled).

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::Tx;

use crate::lock::{can_move, load, locked, must_be_admin, order_event, party, text};
use crate::{Order, OrderId, OrderStatus, Orders, Party};

impl Orders {
    /// A party cancels the order, or asks to (see the module's rules). `reason` is
    /// optional.
    pub async fn cancel(&self, caller: UserId, id: OrderId, reason: Option<&str>) -> Result<Order> {
        let reason = text("reason", reason, false)?;
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        let side = party(&order, caller)?;
        can_move(&order, OrderStatus::Cancelled)?;
        match (order.status, side) {
            (OrderStatus::Requested, Party::Seller) => {
                return Err(DomainError::Forbidden(
                    "the seller declines a request instead of cancelling it".into(),
                ));
            }
            (OrderStatus::DepositPaid, _) => match order.cancellation_requested_by {
                None => {
                    self.request_cancellation(&mut tx, &order, caller, reason)
                        .await?
                }
                Some(asked) if asked == caller => {
                    return Err(DomainError::conflict(
                        "cancellation_requested",
                        "you already asked to cancel this order; the other party must agree",
                    ));
                }
                Some(_) => {
                    self.cancel_in(&mut tx, &order, caller, false, reason)
                        .await?
                }
            },
            _ => {
                self.cancel_in(&mut tx, &order, caller, false, reason)
                    .await?
            }
        }
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// An admin cancels an order that has not been delivered, with a note; what its
    /// escrow holds goes back to the buyer. Anyone else gets a 403.
    pub async fn admin_cancel(
        &self,
        caller: UserId,
        is_admin: bool,
        id: OrderId,
        note: &str,
    ) -> Result<Order> {
        must_be_admin(is_admin, "cancels another's order")?;
        let note = text("note", Some(note), true)?;
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        can_move(&order, OrderStatus::Cancelled)?;
        self.cancel_in(&mut tx, &order, caller, true, note).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(order)
    }

    async fn request_cancellation(
        &self,
        tx: &mut Tx,
        order: &Order,
        caller: UserId,
        reason: Option<String>,
    ) -> Result<()> {
        let asked = sqlx::query(
            "UPDATE orders SET cancellation_requested_by = $1 \
             WHERE id = $2 AND status = $3 AND cancellation_requested_by IS NULL",
        )
        .bind(caller.to_string())
        .bind(order.id.to_string())
        .bind(OrderStatus::DepositPaid.as_str())
        .execute(tx.conn())
        .await?;
        if asked.rows_affected() != 1 {
            return Err(DomainError::internal("an order changed under its row lock"));
        }
        let event = order_event!(CancellationRequested, order,
            requested_by: caller.to_string(),
            reason: reason,
        );
        self.emit(tx, &event).await
    }

    /// → CANCELLED, refunding the escrow (if it holds anything) to the buyer.
    async fn cancel_in(
        &self,
        tx: &mut Tx,
        order: &Order,
        caller: UserId,
        by_admin: bool,
        reason: Option<String>,
    ) -> Result<()> {
        self.move_order(
            tx,
            order,
            OrderStatus::Cancelled,
            Some(caller),
            reason.as_deref(),
        )
        .await?;
        let refunded = if order.status == OrderStatus::DepositPaid {
            self.refund(tx, order, "cancel").await?
        } else {
            Money::zero(order.price.currency)
        };
        let event = order_event!(OrderCancelled, order,
            cancelled_by: caller.to_string(),
            by_admin: by_admin,
            reason: reason,
            refunded: refunded,
        );
        self.emit(tx, &event).await
    }
}
