//! The double-entry ledger: accounts, transfers between them, balances and the checks
//! that prove the books balance.
//!
//! Sign convention: an account's balance is the sum of its credits minus the sum of its
//! debits. A wallet's balance is what the platform owes its owner; a provider's external
//! account goes negative by what came in through that provider. Every transfer adds its
//! amount to one account and takes it from another, so the balances of a currency always
//! sum to zero.

pub(crate) mod accounts;
pub(crate) mod balances;
pub(crate) mod check;
mod transfers;

pub use balances::WalletBalance;
pub use check::{LedgerReport, TrialBalanceLine};
pub(crate) use transfers::Movement;

use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Money, Result};

use crate::{AccountId, EscrowRef};

/// The largest amount one operation may move, in minor units (one hundred billion of a
/// two-decimal currency). Keeps every balance far from `i64` overflow.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000;

/// Who an account belongs to and what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A user's spendable balance. Never negative.
    Wallet(UserId),
    /// Money held for an order or a milestone until it is released or refunded. Never negative.
    Escrow(EscrowRef),
    /// The platform's fee revenue.
    PlatformFees,
    /// Money that came in from, or went out to, a payment provider.
    Provider(String),
    /// Withdrawals taken out of wallets whose payout the provider has not confirmed yet
    /// (one per currency). Never negative.
    PayoutsInFlight,
}

impl Owner {
    /// `(owner_kind, purpose)` as stored.
    pub(crate) fn kind_purpose(&self) -> (&'static str, &'static str) {
        match self {
            Self::Wallet(_) => ("user", "wallet"),
            Self::Escrow(EscrowRef::Order(_)) => ("order", "escrow"),
            Self::Escrow(EscrowRef::Milestone(_)) => ("milestone", "escrow"),
            Self::PlatformFees => ("platform", "fee_revenue"),
            Self::Provider(_) => ("provider", "external"),
            Self::PayoutsInFlight => ("payouts", "payouts_in_flight"),
        }
    }

    pub(crate) fn owner_id(&self) -> String {
        match self {
            Self::Wallet(u) => u.to_string(),
            Self::Escrow(e) => e.id().to_string(),
            Self::PlatformFees => "platform".to_string(),
            Self::Provider(name) => name.clone(),
            Self::PayoutsInFlight => "platform".to_string(),
        }
    }

    /// Whether the account keeps a stored balance that may never go below zero.
    /// Provider and platform accounts may go negative; their balance is derived.
    pub fn keeps_balance(&self) -> bool {
        matches!(
            self,
            Self::Wallet(_) | Self::Escrow(_) | Self::PayoutsInFlight
        )
    }

    pub(crate) fn from_parts(kind: &str, id: &str) -> Result<Self> {
        Ok(match kind {
            "user" => Self::Wallet(UserId::parse(id)?),
            "order" => Self::Escrow(EscrowRef::Order(id.to_string())),
            "milestone" => Self::Escrow(EscrowRef::Milestone(id.to_string())),
            "platform" => Self::PlatformFees,
            "provider" => Self::Provider(id.to_string()),
            "payouts" => Self::PayoutsInFlight,
            other => return Err(DomainError::internal(format!("unknown owner kind {other}"))),
        })
    }
}

/// A ledger account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub owner: Owner,
    pub currency: Currency,
}

/// Why money moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// Provider → wallet: a wallet top-up.
    TopUp,
    /// Wallet → provider (or → payouts in flight, until the provider confirms): a payout.
    Withdrawal,
    /// Payouts in flight → provider: the provider confirmed a payout.
    Payout,
    /// Payouts in flight (or provider) → wallet: a payout that failed, given back.
    WithdrawalReversal,
    /// Provider → wallet: a card charged for a payment or an escrow hold.
    Charge,
    /// Wallet → escrow.
    EscrowHold,
    /// Escrow → payee wallet.
    EscrowRelease,
    /// Escrow → payer wallet.
    EscrowRefund,
    /// Payer wallet or milestone escrow → freelancer wallet, for a payment request.
    Payment,
    /// Payee wallet → platform fee revenue.
    PlatformFee,
}

impl TransferKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::TopUp => "top_up",
            Self::Withdrawal => "withdrawal",
            Self::Payout => "payout",
            Self::WithdrawalReversal => "withdrawal_reversal",
            Self::Charge => "charge",
            Self::EscrowHold => "escrow_hold",
            Self::EscrowRelease => "escrow_release",
            Self::EscrowRefund => "escrow_refund",
            Self::Payment => "payment",
            Self::PlatformFee => "platform_fee",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string()))
            .map_err(|_| DomainError::internal(format!("unknown transfer kind {s}")))
    }
}

/// What a movement of money was for: an order, a milestone, a payment request, a
/// provider operation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    pub kind: String,
    pub id: String,
}

impl Reference {
    pub fn new(kind: &str, id: impl ToString) -> Self {
        Self {
            kind: kind.to_string(),
            id: id.to_string(),
        }
    }
}

/// An amount a request asks to move: positive, at most [`MAX_AMOUNT`].
pub fn movable(amount: Money) -> Result<Money> {
    let m = Money::positive(amount.amount, amount.currency)?;
    if m.amount > MAX_AMOUNT {
        return Err(DomainError::invalid(
            "amount",
            format!("must be at most {MAX_AMOUNT} minor units"),
        ));
    }
    Ok(m)
}
