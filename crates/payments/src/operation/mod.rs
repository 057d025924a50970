//! Provider operations, in two phases, so a payment provider is never called while a
//! database transaction is open:
//!
//! 1. a short transaction records the operation as PENDING under a provider idempotency
//!    key derived from the caller's [`OperationKey`] (and, for a payout, moves the amount
//!    out of the wallet into the payouts-in-flight account); it commits;
//! 2. the provider is called with no transaction and no pooled connection held, with a
//!    timeout;
//! 3. a new transaction posts the ledger movement the answer calls for and marks the
//!    operation settled (conditionally, so a webhook, the reconciler and a retry settle
//!    it once).
//!
//! An unknown outcome (timeout, provider error, crash) stays PENDING; the provider's
//! webhook or the reconciler settles it later from what the provider says. A retry with
//! the same key finds the recorded operation and resumes it, sending the same provider
//! key, so the provider acts at most once.

mod begin;
mod call;
mod settle;

use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Money, Result};
use openlance_storage::{AnyRow, Row};
use sha2::{Digest, Sha256};

use crate::ProviderOperationId;

pub(crate) use begin::NewOperation;

/// The caller's name for one money operation, stable across its retries: the HTTP edge
/// derives it from the `Idempotency-Key` header scoped by user, or makes a fresh one
/// when the client sent none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationKey(String);

impl OperationKey {
    /// A key for an operation nobody will retry.
    pub fn fresh() -> Self {
        Self(format!("fresh:{}", uuid::Uuid::now_v7()))
    }

    /// A client's idempotency key, scoped by the user who sent it.
    pub fn from_client(user: UserId, key: &str) -> Self {
        Self(format!("client:{user}:{key}"))
    }

    /// A key a context derives from what is being paid when the client sent none (an
    /// order's deposit: `order:{id}:deposit:{method}`), so two concurrent clicks name one
    /// operation and the card is charged once. Never equal to a client's key.
    pub fn derived(name: &str) -> Self {
        Self(format!("derived:{name}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a provider operation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationStatus {
    Succeeded,
    Pending,
    Failed,
}

impl OperationStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Succeeded => "SUCCEEDED",
            Self::Pending => "PENDING",
            Self::Failed => "FAILED",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "SUCCEEDED" => Ok(Self::Succeeded),
            "PENDING" => Ok(Self::Pending),
            "FAILED" => Ok(Self::Failed),
            other => Err(DomainError::internal(format!(
                "unknown provider operation status {other}"
            ))),
        }
    }
}

/// What a provider operation is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A charge that credits the payer's wallet.
    TopUp,
    /// A payout of money taken out of the wallet in phase 1.
    Withdrawal,
    /// A charge that credits the client's wallet and then pays a payment request.
    PaymentRequest,
}

impl Purpose {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::TopUp => "top_up",
            Self::Withdrawal => "withdrawal",
            Self::PaymentRequest => "payment_request",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "top_up" => Ok(Self::TopUp),
            "withdrawal" => Ok(Self::Withdrawal),
            "payment_request" => Ok(Self::PaymentRequest),
            other => Err(DomainError::internal(format!(
                "unknown provider operation purpose {other}"
            ))),
        }
    }

    /// What is asked of the provider.
    pub(crate) fn provider_call(&self) -> &'static str {
        match self {
            Self::TopUp | Self::PaymentRequest => "charge",
            Self::Withdrawal => "payout",
        }
    }
}

/// The key sent to the provider: a digest of the purpose and the caller's key, so it is
/// the same on every retry, differs between a top-up and a withdrawal sent with one
/// client key, and fits every provider's length limit.
pub(crate) fn provider_key(purpose: Purpose, key: &OperationKey) -> String {
    let digest = Sha256::digest(format!("{}\n{}", purpose.as_str(), key.as_str()));
    let hex: String = digest[..20].iter().map(|b| format!("{b:02x}")).collect();
    format!("ol_{hex}")
}

/// A recorded provider operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderOperation {
    pub id: ProviderOperationId,
    pub purpose: Purpose,
    pub status: OperationStatus,
    /// Sent to the provider on every call for this operation.
    pub idempotency_key: String,
    /// The provider's id, once it answered.
    pub provider_reference: Option<String>,
    pub user: UserId,
    pub amount: Money,
    pub payment_method: Option<String>,
    /// The payment request a `payment_request` charge pays.
    pub subject_id: Option<String>,
    pub description: Option<String>,
    /// Why it failed, as the provider said.
    pub failure_message: Option<String>,
    /// Microseconds since the epoch.
    pub created_at: i64,
}

pub(crate) const COLUMNS: &str = "id, purpose, status, idempotency_key, provider_ref, user_id, \
     amount, currency, payment_method, subject_id, description, failure_message, created_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<ProviderOperation> {
    let currency = Currency::parse(&row.try_get::<String, _>("currency")?)?;
    Ok(ProviderOperation {
        id: ProviderOperationId::parse(&row.try_get::<String, _>("id")?)?,
        purpose: Purpose::parse(&row.try_get::<String, _>("purpose")?)?,
        status: OperationStatus::parse(&row.try_get::<String, _>("status")?)?,
        idempotency_key: row.try_get("idempotency_key")?,
        provider_reference: row.try_get("provider_ref")?,
        user: UserId::parse(&row.try_get::<String, _>("user_id")?)?,
        amount: Money::new(row.try_get("amount")?, currency),
        payment_method: row.try_get("payment_method")?,
        subject_id: row.try_get("subject_id")?,
        description: row.try_get("description")?,
        failure_message: row.try_get("failure_message")?,
        created_at: row.try_get("created_at")?,
    })
}
