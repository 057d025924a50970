//! Payment requests: created by the contracts context when a client accepts a milestone,
//! paid once by the client. Paying takes the milestone's escrow when it holds the amount,
//! otherwise charges the client through the provider; the freelancer's wallet is
//! credited and the platform fee taken from it; `payments.payment_request_paid` goes to
//! the outbox in the same transaction so the contracts context marks the milestone PAID.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::Tx;

use crate::ledger;
use crate::{PaymentRequestId, Payments, TransferId};

mod pay;
mod read;

/// Where a payment request stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentRequestStatus {
    Pending,
    Paid,
    Cancelled,
}

impl PaymentRequestStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Paid => "PAID",
            Self::Cancelled => "CANCELLED",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self> {
        match s {
            "PENDING" => Ok(Self::Pending),
            "PAID" => Ok(Self::Paid),
            "CANCELLED" => Ok(Self::Cancelled),
            other => Err(DomainError::internal(format!(
                "unknown payment request status {other}"
            ))),
        }
    }
}

/// What the contracts context supplies to create a payment request.
#[derive(Clone, Debug)]
pub struct NewPaymentRequest {
    pub client_id: UserId,
    pub freelancer_id: UserId,
    pub contract_id: String,
    pub milestone_id: String,
    pub amount: Money,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRequest {
    pub id: PaymentRequestId,
    pub client_id: UserId,
    pub freelancer_id: UserId,
    pub contract_id: String,
    pub milestone_id: String,
    pub amount: Money,
    pub description: String,
    pub status: PaymentRequestStatus,
    /// The platform fee taken when it was paid.
    pub fee: Option<Money>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// A paid request as WorkUp lists it: one payment transaction per paid request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentTransaction {
    /// The ledger transfer that paid the freelancer.
    pub id: TransferId,
    pub payment_request_id: PaymentRequestId,
    pub amount: Money,
    pub fee: Money,
    pub created_at: DateTime<Utc>,
}

/// The outcome of paying a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaidRequest {
    pub request: PaymentRequest,
    /// The ledger transfer that paid the freelancer (WorkUp's payment transaction).
    pub transaction_id: TransferId,
    /// Whether the milestone's escrow paid it (otherwise the client's payment method).
    pub from_escrow: bool,
    pub fee: Money,
    pub net: Money,
}

const COLUMNS: &str = "id, client_id, freelancer_id, contract_id, milestone_id, amount, currency, \
                       description, status, fee, created_at, paid_at";

impl Payments {
    /// Creates a PENDING payment request inside the caller's transaction. A milestone
    /// has at most one payment request that is not cancelled.
    pub async fn create_payment_request(
        &self,
        tx: &mut Tx,
        new: NewPaymentRequest,
    ) -> Result<PaymentRequest> {
        let amount = ledger::movable(new.amount)?;
        if new.client_id == new.freelancer_id {
            return Err(DomainError::unprocessable(
                "same_party",
                "a client cannot pay themselves",
            ));
        }
        let request = PaymentRequest {
            id: PaymentRequestId::new(),
            client_id: new.client_id,
            freelancer_id: new.freelancer_id,
            contract_id: new.contract_id,
            milestone_id: new.milestone_id,
            amount,
            description: new.description,
            status: PaymentRequestStatus::Pending,
            fee: None,
            created_at: self.clock.now(),
            paid_at: None,
        };
        sqlx::query(
            "INSERT INTO payment_requests (id, client_id, freelancer_id, contract_id, milestone_id, \
             amount, currency, description, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9)",
        )
        .bind(request.id.to_string())
        .bind(request.client_id.to_string())
        .bind(request.freelancer_id.to_string())
        .bind(&request.contract_id)
        .bind(&request.milestone_id)
        .bind(amount.amount)
        .bind(amount.currency.code())
        .bind(&request.description)
        .bind(to_micros(request.created_at))
        .execute(tx.conn())
        .await
        .map_err(|e| match DomainError::from(e) {
            DomainError::Conflict { .. } => DomainError::conflict(
                "payment_request_exists",
                "this milestone already has a payment request",
            ),
            other => other,
        })?;
        Ok(request)
    }
}

impl Payments {
    /// Cancels a PENDING payment request inside the caller's transaction (for the
    /// contracts context, when a contract is terminated). A paid or already cancelled
    /// request is a 409; a cancelled milestone may get a new request.
    pub async fn cancel_payment_request(&self, tx: &mut Tx, id: PaymentRequestId) -> Result<()> {
        let done = sqlx::query(
            "UPDATE payment_requests SET status = 'CANCELLED' WHERE id = $1 AND status = 'PENDING'",
        )
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        let row = sqlx::query("SELECT status FROM payment_requests WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(tx.conn())
            .await?;
        match row {
            None => Err(DomainError::NotFound("payment request")),
            Some(_) => Err(DomainError::conflict(
                "payment_request_not_pending",
                "only a pending payment request can be cancelled",
            )),
        }
    }
}
