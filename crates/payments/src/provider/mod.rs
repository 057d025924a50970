//! Payment providers: who actually moves money in and out of the marketplace. The
//! ledger records what a provider reports; the provider never sees the ledger.
//!
//! Outcomes may be asynchronous: a provider may answer `Pending` and report the final
//! outcome later (a webhook for Stripe), which [`crate::Payments::settle_provider_operation`]
//! applies. A provider is never called inside a database transaction (see
//! `crate::operation`); every call carries an idempotency key that is the same on every
//! retry of one operation, so a provider charges or pays out at most once per key.

pub mod scripted;
mod test;

use async_trait::async_trait;
use openlance_core::Money;
use openlance_core::id::UserId;

pub use scripted::{Fault, ScriptedProvider};
pub use test::TestProvider;

/// A charge of a payer's payment method.
#[derive(Clone, Debug)]
pub struct ChargeRequest {
    pub payer: UserId,
    /// The provider's token for a card or account, e.g. `pm_card_visa`.
    pub payment_method: String,
    pub amount: Money,
    /// Sent to the provider so that a retried call charges once.
    pub idempotency_key: String,
}

/// A payout to a payee's bank account or card.
#[derive(Clone, Debug)]
pub struct PayoutRequest {
    pub payee: UserId,
    pub amount: Money,
    pub idempotency_key: String,
}

/// A refund of (part of) an earlier charge.
#[derive(Clone, Debug)]
pub struct RefundRequest {
    /// The provider's reference of the charge.
    pub charge_reference: String,
    pub amount: Money,
    pub idempotency_key: String,
}

/// What a provider answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderOutcome {
    /// Done; `reference` is the provider's id for the operation.
    Succeeded { reference: String },
    /// Accepted; the final outcome will be reported later for `reference`.
    Pending { reference: String },
    /// Refused (a declined card, a failed payout). Nothing moved.
    Declined { code: String, message: String },
}

/// The provider could not be reached or answered nonsense; the operation is not done.
#[derive(Debug, thiserror::Error)]
#[error("payment provider unavailable: {0}")]
pub struct ProviderError(pub String);

/// A payment provider: the built-in `test` provider, Stripe later.
#[async_trait]
pub trait PaymentProvider: Send + Sync + 'static {
    /// Stable name; the ledger keeps one external account per provider and currency.
    fn name(&self) -> &'static str;
    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderOutcome, ProviderError>;
    async fn payout(&self, request: &PayoutRequest) -> Result<ProviderOutcome, ProviderError>;
    async fn refund(&self, request: &RefundRequest) -> Result<ProviderOutcome, ProviderError>;
    /// What became of the operation sent with `idempotency_key`: `None` when the provider
    /// never received it. The reconciler asks this for operations left pending by a
    /// timeout or a crash, instead of guessing.
    async fn retrieve(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<ProviderOutcome>, ProviderError>;
}
