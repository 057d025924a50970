//! Payments: the double-entry ledger, wallets, escrow, the platform fee, payment
//! requests, payment providers, the reconciler and transaction history.
//!
//! Every movement of money is a set of ledger transfers written in one database
//! transaction. Operations that other contexts call inside their own transaction
//! (escrow, creating and cancelling payment requests) take the caller's
//! [`Tx`](openlance_storage::Tx) and never call the payment provider. Operations that
//! call the provider (top-ups, withdrawals, paying a payment request by card) take no
//! transaction: they run their own short ones around the call (see [`operation`]).
//! See `docs/payments.md` for the model, the fee rounding rule and the test provider.

mod escrow;
pub mod events;
mod history;
mod ids;
pub mod ledger;
pub mod operation;
mod payment_request;
pub mod provider;
mod reconcile;
mod wallet;

use std::sync::Arc;
use std::time::Duration;

use openlance_core::{Clock, Currency};
use openlance_storage::Db;

pub use escrow::{EscrowRef, HoldEscrow, Release};
pub use history::{Counterparty, Direction, WalletEntry};
pub use ids::{AccountId, MovementId, PaymentRequestId, ProviderOperationId, TransferId};
pub use ledger::{
    LedgerReport, MAX_AMOUNT, Reference, TransferKind, TrialBalanceLine, WalletBalance,
};
pub use operation::{OperationKey, OperationStatus, ProviderOperation, Purpose};
pub use payment_request::{
    NewPaymentRequest, PaidRequest, PayOutcome, PaymentRequest, PaymentRequestPaid,
    PaymentRequestStatus, PaymentTransaction,
};
pub use provider::{Fault, PaymentProvider, ProviderOutcome, ScriptedProvider, TestProvider};
pub use reconcile::Reconciled;
pub use wallet::ProviderMovement;

/// Configuration of the payments context.
#[derive(Clone, Debug)]
pub struct PaymentsConfig {
    /// Platform fee in basis points (1000 = 10%), taken when money is released to a
    /// seller or paid to a freelancer; rounded down to the minor unit.
    pub fee_bps: u32,
    /// The payment method charged when a client pays a payment request without naming
    /// one (WorkUp's pay route has no body). The test provider's `pm_card_visa` succeeds.
    pub default_payment_method: String,
    /// The currency of WorkUp's routes, whose amounts carry no currency.
    pub workup_currency: Currency,
    /// How long a provider call may take before its outcome counts as unknown (the
    /// operation then stays pending for the reconciler).
    pub provider_timeout: Duration,
    /// How old a pending operation must be before the reconciler asks the provider about
    /// it: longer than any call in flight may take.
    pub reconcile_after: Duration,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        Self {
            fee_bps: 1000,
            default_payment_method: "pm_card_visa".to_string(),
            workup_currency: Currency::USD,
            provider_timeout: Duration::from_secs(10),
            reconcile_after: Duration::from_secs(60),
        }
    }
}

/// The payments service: the interface other contexts and the HTTP edge call.
#[derive(Clone)]
pub struct Payments {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: PaymentsConfig,
    pub(crate) provider: Arc<dyn PaymentProvider>,
}

impl Payments {
    /// The payments service with the built-in `test` provider.
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: PaymentsConfig) -> Self {
        Self {
            db,
            clock,
            config,
            provider: Arc::new(TestProvider::default()),
        }
    }

    /// Replaces the payment provider (Stripe later; a scripted one in tests).
    pub fn with_provider(mut self, provider: Arc<dyn PaymentProvider>) -> Self {
        self.provider = provider;
        self
    }

    /// The provider's name (`test`): what `serve` reports at start-up.
    pub fn provider_name(&self) -> &'static str {
        self.provider.name()
    }

    pub fn config(&self) -> &PaymentsConfig {
        &self.config
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}

/// The migrations of the payments context, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[
    openlance_storage::Migration::portable(
        "payments/0001_ledger",
        include_str!("../migrations/0001_ledger.sql"),
    ),
    openlance_storage::Migration::portable(
        "payments/0002_two_phase_operations",
        include_str!("../migrations/0002_two_phase_operations.sql"),
    ),
];

impl Payments {
    /// Checks every ledger invariant (`openlance admin ledger check`) and returns the
    /// trial balance.
    pub async fn check_ledger(&self) -> openlance_core::Result<LedgerReport> {
        ledger::check::check(&self.db).await
    }
}
