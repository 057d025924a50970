//! WorkUp's payment routes under `/api/v1/payments`, with WorkUp's paths, JSON field
//! names and enums. WorkUp amounts are whole currency units as JSON numbers (`12.5` is
//! twelve dollars fifty) in the configured WorkUp currency (USD by default); they are
//! converted to minor units exactly, and a fraction finer than the currency's minor
//! unit (`12.345` USD) is refused with a 400. Every route acts on the caller's own
//! requests, transactions and wallet; anyone else's is a 404.

mod list_requests;
mod list_transactions;
mod pay_request;
mod wallet;
mod withdraw;

use chrono::{DateTime, Utc};
use openlance_core::{DomainError, Money};
use openlance_payments::PaymentRequest;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests::list_client_requests))
        .routes(routes!(list_requests::list_freelancer_requests))
        .routes(routes!(list_transactions::list_client_transactions))
        .routes(routes!(list_transactions::list_freelancer_transactions))
        .routes(routes!(wallet::get_freelancer_wallet))
        .routes(routes!(wallet::list_wallet_transactions))
        .routes(routes!(wallet::get_wallet_transaction))
        .routes(routes!(pay_request::pay_request))
        .routes(routes!(withdraw::withdraw))
}

/// A WorkUp amount (JSON number of whole currency units) as exact minor units.
pub(super) fn from_workup_amount(
    number: &serde_json::Number,
    currency: openlance_core::Currency,
) -> Result<Money, DomainError> {
    let money = Money::from_major_decimal(&number.to_string(), currency)?;
    openlance_payments::ledger::movable(money)
}

/// A payment request as WorkUp shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupPaymentRequest {
    pub id: String,
    pub freelancer_id: String,
    pub client_id: String,
    pub contract_id: String,
    pub milestone_id: String,
    /// Whole currency units (minor units ÷ 100 for USD), e.g. `12.5`.
    #[schema(example = 12.5)]
    pub amount: f64,
    pub currency: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `PENDING`, `PAID` or `CANCELLED`.
    pub status: openlance_payments::PaymentRequestStatus,
}

impl From<PaymentRequest> for WorkupPaymentRequest {
    fn from(r: PaymentRequest) -> Self {
        Self {
            id: r.id.to_string(),
            freelancer_id: r.freelancer_id.to_string(),
            client_id: r.client_id.to_string(),
            contract_id: r.contract_id,
            milestone_id: r.milestone_id,
            amount: r.amount.to_major_f64(),
            currency: r.amount.currency.code().to_string(),
            description: r.description,
            created_at: r.created_at,
            updated_at: r.paid_at.unwrap_or(r.created_at),
            status: r.status,
        }
    }
}
