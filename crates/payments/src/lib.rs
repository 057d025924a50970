//! Payments: the double-entry ledger, wallets, escrow, the platform fee, payment
//! requests, payment providers, idempotency records and transaction history.
//!
//! Every movement of money is a set of ledger transfers written in one database
//! transaction. Operations that other contexts call (escrow, payment requests) take the
//! caller's [`Tx`](openlance_storage::Tx) so their writes and ours commit together.
//! See `docs/payments.md` for the model, the fee rounding rule and the test provider.

mod escrow;
mod history;
mod idempotency;
mod ids;
pub mod ledger;
mod payment_request;
pub mod provider;
mod wallet;

use std::sync::Arc;

use openlance_core::{Clock, Currency};
use openlance_storage::Db;

pub use escrow::{EscrowRef, FundingSource, HoldEscrow, Release};
pub use history::{Counterparty, Direction, WalletEntry};
pub use idempotency::{Claim, request_hash, validate_key as validate_idempotency_key};
pub use ids::{AccountId, MovementId, PaymentRequestId, ProviderOperationId, TransferId};
pub use ledger::{
    LedgerReport, MAX_AMOUNT, Reference, TransferKind, TrialBalanceLine, WalletBalance,
};
pub use payment_request::{
    NewPaymentRequest, PaidRequest, PaymentRequest, PaymentRequestStatus, PaymentTransaction,
};
pub use provider::OperationStatus;
pub use provider::{PaymentProvider, ProviderOutcome, TestProvider};
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
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        Self {
            fee_bps: 1000,
            default_payment_method: "pm_card_visa".to_string(),
            workup_currency: Currency::USD,
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
            provider: Arc::new(TestProvider),
        }
    }

    /// Replaces the payment provider (Stripe later; a scripted one in tests).
    pub fn with_provider(mut self, provider: Arc<dyn PaymentProvider>) -> Self {
        self.provider = provider;
        self
    }

    pub fn config(&self) -> &PaymentsConfig {
        &self.config
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}

/// The migrations of the payments context, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[openlance_storage::Migration::portable(
    "payments/0001_ledger",
    include_str!("../migrations/0001_ledger.sql"),
)];

impl Payments {
    /// Checks every ledger invariant (`openlance admin ledger check`) and returns the
    /// trial balance.
    pub async fn check_ledger(&self) -> openlance_core::Result<LedgerReport> {
        ledger::check::check(&self.db).await
    }
}
