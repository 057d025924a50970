//! WorkUp's payment routes under `/api/v1/payments`, with WorkUp's paths, JSON field
//! names and enums. WorkUp amounts are whole currency units as JSON numbers (`12.5` is
//! twelve dollars fifty) in the configured WorkUp currency (USD by default); they are
//! converted to minor units exactly, and a fraction finer than the currency's minor
//! unit (`12.345` USD) is refused with a 400; amounts may also come as strings (`"50"`).
//! WorkUp's role rules hold: `/payments/clients/**` and paying are for CLIENTs,
//! `/payments/freelancers/**` for FREELANCERs (403 otherwise). Every route acts on the
//! caller's own requests, transactions and wallet; anyone else's is a 404. Bodies may carry
//! fields we do not use (`userId`, …): they are ignored, as WorkUp does.

mod list_requests;
mod list_transactions;
mod pay_request;
mod wallet;
mod withdraw;

use chrono::{DateTime, Utc};
use openlance_accounts::{Principal, Role};
use openlance_core::{DomainError, Problem};
use openlance_payments::PaymentRequest;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{ApiError, AppState};

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

/// Refuses callers without the role WorkUp gives the route.
pub(super) fn require(me: &Principal, role: Role) -> Result<(), DomainError> {
    if me.has_role(role) {
        return Ok(());
    }
    let who = match role {
        Role::Client => "clients",
        Role::Freelancer => "freelancers",
        Role::Admin => "admins",
    };
    Err(DomainError::Forbidden(format!("this route is for {who}")))
}

/// WorkUp answers a balance too small for the amount with a 400, where our own routes
/// answer 422: the code (`insufficient_funds`) stays, the status becomes WorkUp's.
pub(super) fn workup_status(e: ApiError) -> ApiError {
    if e.0.code != "insufficient_funds" || e.0.status != 422 {
        return e;
    }
    let mut problem = Problem::from_status(400, &e.0.code, e.0.detail);
    problem.errors = e.0.errors;
    ApiError(problem, e.1)
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
    /// What the request pays for, as WorkUp names it: the milestone id.
    pub reference_id: String,
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
            reference_id: r.milestone_id.clone(),
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
