//! Response shapes shared by the payments routes. Money is `{"amount": <integer minor
//! units>, "currency": "USD"}`.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use openlance_core::Money;
use openlance_payments::{Counterparty, Direction, OperationStatus, ProviderMovement, WalletEntry};
use serde::Serialize;
use utoipa::ToSchema;

/// One entry of a wallet's history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WalletTransaction {
    pub id: String,
    /// `CREDIT` (money came in) or `DEBIT` (money went out).
    #[schema(example = "CREDIT")]
    pub direction: &'static str,
    pub amount: Money,
    /// Why money moved: `top_up`, `withdrawal`, `withdrawal_reversal`, `charge`,
    /// `escrow_hold`, `escrow_release`, `escrow_refund`, `payment`, `platform_fee`.
    pub kind: &'static str,
    pub counterparty: CounterpartyView,
    /// What the money was for: an order, a milestone, a payment request, a provider operation.
    pub reference: Option<ReferenceView>,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The other side of a wallet entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct CounterpartyView {
    /// `user`, `order_escrow`, `milestone_escrow`, `platform` or `provider`.
    pub kind: &'static str,
    /// The user id, order id, milestone id or provider name (absent for the platform).
    pub id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceView {
    pub kind: String,
    pub id: String,
}

impl From<WalletEntry> for WalletTransaction {
    fn from(e: WalletEntry) -> Self {
        let counterparty = match e.counterparty {
            Counterparty::User(id) => CounterpartyView {
                kind: "user",
                id: Some(id.to_string()),
            },
            Counterparty::Escrow(openlance_payments::EscrowRef::Order(id)) => CounterpartyView {
                kind: "order_escrow",
                id: Some(id),
            },
            Counterparty::Escrow(openlance_payments::EscrowRef::Milestone(id)) => {
                CounterpartyView {
                    kind: "milestone_escrow",
                    id: Some(id),
                }
            }
            Counterparty::Platform => CounterpartyView {
                kind: "platform",
                id: None,
            },
            Counterparty::Provider(name) => CounterpartyView {
                kind: "provider",
                id: Some(name),
            },
        };
        Self {
            id: e.id.to_string(),
            direction: direction(e.direction),
            amount: e.amount,
            kind: e.kind.as_str(),
            counterparty,
            reference: e.reference.map(|r| ReferenceView {
                kind: r.kind,
                id: r.id,
            }),
            description: e.description,
            created_at: e.created_at,
        }
    }
}

pub fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Credit => "CREDIT",
        Direction::Debit => "DEBIT",
    }
}

/// A top-up or a withdrawal.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProviderMovementView {
    /// The payment provider operation.
    pub operation_id: String,
    /// The wallet transaction, once money moved (absent while a top-up is pending).
    pub transaction_id: Option<String>,
    /// `SUCCEEDED`, or `PENDING` while the provider has not confirmed it (answered 202).
    #[schema(example = "SUCCEEDED")]
    pub status: &'static str,
    pub amount: Money,
    /// The wallet's available balance afterwards.
    pub balance: Money,
}

impl From<ProviderMovement> for ProviderMovementView {
    fn from(m: ProviderMovement) -> Self {
        Self {
            operation_id: m.operation_id.to_string(),
            transaction_id: m.transfer_id.map(|t| t.to_string()),
            status: m.status.as_str(),
            amount: m.amount,
            balance: m.balance,
        }
    }
}

/// `done` when the provider confirmed, 202 Accepted while the operation is pending.
pub fn movement_status(movement: &ProviderMovement, done: StatusCode) -> StatusCode {
    match movement.status {
        OperationStatus::Pending => StatusCode::ACCEPTED,
        _ => done,
    }
}
