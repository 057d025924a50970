//! How an order's money moves, in one place: a card is charged first (a keyed
//! `top_up` into the buyer's wallet, outside any transaction — never while one is open),
//! then the amount is held from the wallet in the order's escrow inside the action's
//! transaction; a completion releases the escrow to the seller minus the platform fee;
//! a cancellation or a refund gives it back to the buyer. Without a payment method the
//! wallet pays (`insufficient_funds` when it holds too little).
//!
//! When the client sent no `Idempotency-Key`, the card charge is keyed by the order,
//! the step and the method (`order:{id}:deposit:{method}`), so two clicks at once charge
//! once. Escrow movements carry fixed keys per order (`deposit`, `balance`, `complete`,
//! `cancel`, `refund`), so the ledger itself refuses to move one twice.

use openlance_core::{DomainError, Money, Result};
use openlance_payments::{
    EscrowRef, HoldEscrow, OperationKey, OperationStatus, ProviderOperationId, Release,
};
use openlance_storage::Tx;

use crate::{Order, OrderId, Orders};

/// What a paying action (the deposit, completing, the balance due) came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payment {
    /// Paid: the order as it stands now.
    Done(Box<Order>),
    /// The card charge is not confirmed yet; nothing moved on the order. Retry (with the
    /// same Idempotency-Key, or none) once it is: the charge is not repeated.
    Pending { operation_id: ProviderOperationId },
}

/// The steps that may charge a card, naming the derived operation key.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step {
    Deposit,
    Complete,
    PayBalance,
}

impl Step {
    fn as_str(self) -> &'static str {
        match self {
            Self::Deposit => "deposit",
            Self::Complete => "complete",
            Self::PayBalance => "pay-balance",
        }
    }
}

impl Orders {
    /// Charges `method` for `amount` into the buyer's wallet, before any transaction;
    /// `Some(id)` when the charge is still pending. Nothing to do without a method or
    /// for a zero amount. A declined card is a 402 and nothing moved.
    pub(crate) async fn charge_first(
        &self,
        order: &Order,
        step: Step,
        amount: Money,
        method: Option<&str>,
        key: Option<&OperationKey>,
    ) -> Result<Option<ProviderOperationId>> {
        let Some(method) = method else {
            return Ok(None);
        };
        if amount.amount == 0 {
            return Ok(None);
        }
        let derived;
        let key = match key {
            Some(key) => key,
            None => {
                derived = OperationKey::derived(&format!(
                    "order:{}:{}:{method}",
                    order.id,
                    step.as_str()
                ));
                &derived
            }
        };
        let charged = self
            .payments
            .top_up(order.buyer_id, amount, method, key)
            .await?;
        Ok((charged.status == OperationStatus::Pending).then_some(charged.operation_id))
    }

    /// Holds `amount` from the buyer's wallet in the order's escrow under `key`.
    pub(crate) async fn hold(
        &self,
        tx: &mut Tx,
        order: &Order,
        amount: Money,
        key: &str,
    ) -> Result<()> {
        if amount.amount == 0 {
            return Ok(());
        }
        self.payments
            .hold_escrow(
                tx,
                HoldEscrow {
                    escrow: escrow(order.id),
                    payer: order.buyer_id,
                    amount,
                    key: key.to_string(),
                },
            )
            .await
            .map_err(|e| match e.code() {
                "already_moved" => DomainError::conflict(
                    "already_paid",
                    format!("this order's {key} is already paid"),
                ),
                _ => e,
            })?;
        Ok(())
    }

    /// Releases what the order's escrow holds to the seller, minus the platform fee;
    /// nothing (a zero release) when it holds nothing.
    pub(crate) async fn release(&self, tx: &mut Tx, order: &Order, key: &str) -> Result<Release> {
        let escrow = escrow(order.id);
        if !self.holds_money(tx, &escrow).await? {
            let zero = Money::zero(order.price.currency);
            return Ok(Release {
                gross: zero,
                fee: zero,
                net: zero,
            });
        }
        self.payments
            .release_escrow(tx, &escrow, order.seller_id, key)
            .await
    }

    /// Refunds what the order's escrow holds to the buyer; zero when it holds nothing.
    pub(crate) async fn refund(&self, tx: &mut Tx, order: &Order, key: &str) -> Result<Money> {
        let escrow = escrow(order.id);
        if !self.holds_money(tx, &escrow).await? {
            return Ok(Money::zero(order.price.currency));
        }
        self.payments.refund_escrow(tx, &escrow, key).await
    }

    async fn holds_money(&self, tx: &mut Tx, escrow: &EscrowRef) -> Result<bool> {
        let held = self.payments.escrow_balance(tx, escrow).await?;
        Ok(held.is_some_and(|h| h.amount > 0))
    }
}

/// The escrow account of an order.
pub(crate) fn escrow(id: OrderId) -> EscrowRef {
    EscrowRef::Order(id.to_string())
}
