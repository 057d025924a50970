//! The buyer's paying moves:
//! - pay the deposit (ACCEPTED → DEPOSIT_PAID): held in the order's escrow;
//! - complete (DELIVERED → COMPLETED): the balance is held too, then the whole escrow
//!   is released to the seller minus the platform fee, in one transaction;
//! - pay the balance due of an order completed without it (see [`Orders::complete_in`]).
//!
//! Each checks who calls and where the order stands before a card is charged, charges
//! the card (if one is named) outside any transaction, then re-checks under the order's
//! row lock and moves state and money together. Its seller gets a 403, anyone else a 404.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};
use openlance_payments::{OperationKey, Release};
use openlance_storage::Tx;

use crate::lock::{Stamp, can_move, load, locked, must_be, order_event, party};
use crate::money::Step;
use crate::{Order, OrderId, OrderStatus, Orders, Party, Payment};

/// Who completes an order, for its audit row and its event.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Completer {
    /// The buyer confirms and pays the balance (from the wallet, maybe just charged).
    Buyer(UserId),
    /// The auto-complete timer or an admin: the balance comes from the wallet if it holds
    /// enough, otherwise it is left due.
    Timer,
    Admin(UserId),
}

impl Orders {
    /// The buyer pays the deposit with `payment_method` (charged first), or from the
    /// wallet when `None`. `key` is the client's Idempotency-Key, if it sent one.
    pub async fn pay_deposit(
        &self,
        caller: UserId,
        id: OrderId,
        payment_method: Option<&str>,
        key: Option<&OperationKey>,
    ) -> Result<Payment> {
        let order = self.buyers(caller, id, "pays the deposit").await?;
        can_move(&order, OrderStatus::DepositPaid)?;
        let step = Step::Deposit;
        if let Some(operation_id) = self
            .charge_first(&order, step, order.deposit, payment_method, key)
            .await?
        {
            return Ok(Payment::Pending { operation_id });
        }
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        self.move_order(
            &mut tx,
            &order,
            OrderStatus::DepositPaid,
            Some(caller),
            None,
        )
        .await?;
        self.hold(&mut tx, &order, order.deposit, "deposit").await?;
        let event = order_event!(DepositPaid, order, amount: order.deposit);
        self.emit(&mut tx, &event).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(Payment::Done(Box::new(order)))
    }

    /// The buyer confirms a delivered order and pays the balance (`payment_method`
    /// charged first, or the wallet); the escrow goes to the seller minus the fee.
    pub async fn complete(
        &self,
        caller: UserId,
        id: OrderId,
        payment_method: Option<&str>,
        key: Option<&OperationKey>,
    ) -> Result<Payment> {
        let order = self.buyers(caller, id, "completes an order").await?;
        if order.status != OrderStatus::Delivered {
            return Err(openlance_core::transition::refused(
                order.status,
                OrderStatus::Completed,
            ));
        }
        let step = Step::Complete;
        if let Some(operation_id) = self
            .charge_first(&order, step, order.balance, payment_method, key)
            .await?
        {
            return Ok(Payment::Pending { operation_id });
        }
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        if order.status != OrderStatus::Delivered {
            return Err(openlance_core::transition::refused(
                order.status,
                OrderStatus::Completed,
            ));
        }
        self.complete_in(&mut tx, &order, Completer::Buyer(caller), None)
            .await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(Payment::Done(Box::new(order)))
    }

    /// The buyer pays what a completion left due (card charged first, or the wallet);
    /// it goes to the seller minus the fee. An order with nothing due is a 409.
    pub async fn pay_balance(
        &self,
        caller: UserId,
        id: OrderId,
        payment_method: Option<&str>,
        key: Option<&OperationKey>,
    ) -> Result<Payment> {
        let order = self.buyers(caller, id, "pays the balance").await?;
        owes(&order)?;
        let step = Step::PayBalance;
        if let Some(operation_id) = self
            .charge_first(&order, step, order.balance_due, payment_method, key)
            .await?
        {
            return Ok(Payment::Pending { operation_id });
        }
        let mut tx = self.db.begin().await?;
        let order = locked(&mut tx, id).await?;
        owes(&order)?;
        self.hold(&mut tx, &order, order.balance_due, "balance")
            .await?;
        let paid = self.release(&mut tx, &order, "balance").await?;
        sqlx::query("UPDATE orders SET balance_due = 0 WHERE id = $1")
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        let event = order_event!(BalancePaid, order,
            paid_out: paid.gross, fee: paid.fee, net: paid.net,
        );
        self.emit(&mut tx, &event).await?;
        let order = load(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(Payment::Done(Box::new(order)))
    }

    /// → COMPLETED in `tx`: the balance is held from the buyer's wallet (a buyer's own
    /// completion fails with `insufficient_funds` when it cannot; the timer and an admin
    /// leave it due instead), then the escrow is released to the seller minus the fee.
    /// Returns the release and what is left due.
    pub(crate) async fn complete_in(
        &self,
        tx: &mut Tx,
        order: &Order,
        by: Completer,
        note: Option<&str>,
    ) -> Result<(Release, Money)> {
        let (actor, reason) = match by {
            Completer::Buyer(buyer) => (Some(buyer), note),
            Completer::Admin(admin) => (Some(admin), note),
            Completer::Timer => (
                None,
                Some("completed automatically after the delivery period"),
            ),
        };
        self.move_order(tx, order, OrderStatus::Completed, actor, reason)
            .await?;
        let due = match self.hold(tx, order, order.balance, "balance").await {
            Ok(()) => Money::zero(order.price.currency),
            Err(e) if e.code() == "insufficient_funds" && !matches!(by, Completer::Buyer(_)) => {
                order.balance
            }
            Err(e) => return Err(e),
        };
        let paid = self.release(tx, order, "complete").await?;
        sqlx::query("UPDATE orders SET balance_due = $1 WHERE id = $2")
            .bind(due.amount)
            .bind(order.id.to_string())
            .execute(tx.conn())
            .await?;
        self.stamp(tx, order, Stamp::Completed).await?;
        match by {
            Completer::Admin(admin) => {
                let event = order_event!(DisputeReleased, order,
                    admin_id: admin.to_string(),
                    note: note.unwrap_or_default().to_string(),
                    paid_out: paid.gross, fee: paid.fee, net: paid.net, balance_due: due,
                );
                self.emit(tx, &event).await?;
            }
            Completer::Buyer(_) | Completer::Timer => {
                let event = order_event!(OrderCompleted, order,
                    automatic: matches!(by, Completer::Timer),
                    paid_out: paid.gross, fee: paid.fee, net: paid.net, balance_due: due,
                );
                self.emit(tx, &event).await?;
            }
        }
        Ok((paid, due))
    }

    /// The order read outside any transaction, for its buyer (the seller gets a 403,
    /// anyone else a 404): what a paying action checks before charging a card.
    async fn buyers(&self, caller: UserId, id: OrderId, doing: &str) -> Result<Order> {
        let mut conn = self.db.reader().acquire().await?;
        let order = load(&mut conn, id).await?;
        must_be(Party::Buyer, party(&order, caller)?, doing)?;
        Ok(order)
    }
}

fn owes(order: &Order) -> Result<()> {
    if order.status == OrderStatus::Completed && order.balance_due.amount > 0 {
        Ok(())
    } else {
        Err(DomainError::conflict(
            "no_balance_due",
            format!(
                "this order is {} and owes no balance",
                order.status.as_str()
            ),
        ))
    }
}
