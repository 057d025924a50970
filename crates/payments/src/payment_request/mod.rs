//! Payment requests: created by the contracts context when a client accepts a milestone,
//! paid once by the client. Paying takes the milestone's escrow when it holds the amount,
//! otherwise charges the client through the provider (two-phase, see `pay`); the
//! freelancer's wallet is credited and the platform fee taken from it;
//! [`PaymentRequestPaid`] goes to the outbox in the same transaction so the contracts
//! context marks the milestone PAID. Status changes go through the transition helper,
//! which keeps an audit row per move in `payment_request_transitions`.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::transition::{Moves, State};
use openlance_core::{DomainError, EventPayload, Money, Result};
use openlance_storage::Tx;
use openlance_storage::transition::{self, Machine, Move};

use crate::ledger;
use crate::{PaymentRequestId, Payments, TransferId};

mod complete;
mod pay;
mod read;

pub use pay::PayOutcome;

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

impl State for PaymentRequestStatus {
    const NOUN: &'static str = "payment request";

    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Paid => "PAID",
            Self::Cancelled => "CANCELLED",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Paid, Self::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

impl PaymentRequestStatus {
    pub fn as_str(&self) -> &'static str {
        State::as_str(*self)
    }

    pub(crate) fn from_stored(s: &str) -> Result<Self> {
        <Self as State>::parse(s)
            .ok_or_else(|| DomainError::internal(format!("unknown payment request status {s}")))
    }
}

/// Payment requests' state machine: paid once, or cancelled while pending.
pub(crate) const MACHINE: Machine<PaymentRequestStatus> = Machine {
    table: "payment_requests",
    transitions: "payment_request_transitions",
    moves: Moves(&[
        (PaymentRequestStatus::Pending, PaymentRequestStatus::Paid),
        (
            PaymentRequestStatus::Pending,
            PaymentRequestStatus::Cancelled,
        ),
    ]),
};

/// `payments.payment_request_paid`: the contracts context marks the milestone PAID.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequestPaid {
    pub payment_request_id: String,
    pub milestone_id: String,
    pub contract_id: String,
}

impl EventPayload for PaymentRequestPaid {
    const KIND: &'static str = "payments.payment_request_paid";

    fn subject(&self) -> String {
        self.payment_request_id.clone()
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
        let id = id.to_string();
        let mv = Move {
            id: &id,
            to: PaymentRequestStatus::Cancelled,
            actor: None,
            reason: None,
            at: self.now_micros(),
        };
        match transition::apply(tx, &MACHINE, mv).await {
            Ok(_) => Ok(()),
            Err(e) if e.code() == "invalid_transition" => Err(DomainError::conflict(
                "payment_request_not_pending",
                "only a pending payment request can be cancelled",
            )),
            Err(e) => Err(e),
        }
    }
}
