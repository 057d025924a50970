//! `POST /api/v1/payments/requests/{requestId}/pay`: the client pays a payment request.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use openlance_accounts::Role;
use openlance_core::Problem;
use openlance_payments::{PayOutcome, PaymentRequestId};
use serde::Serialize;
use utoipa::ToSchema;

use super::require;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PayResponse {
    /// The payment transaction (the ledger transfer that paid the freelancer).
    pub transaction_id: String,
    /// WorkUp's PaymentTransactionStatus: `SUCCESS`.
    #[schema(example = "SUCCESS")]
    pub transaction_status: &'static str,
    pub payment_request_id: String,
    /// Whole currency units paid (e.g. `12.5`).
    #[schema(example = 12.5)]
    pub amount: f64,
    /// The platform fee, in whole currency units, rounded down to the minor unit.
    pub platform_fee: f64,
    /// What the freelancer's wallet received.
    pub net_amount: f64,
    /// Whether the milestone's escrow paid (otherwise the client's payment method).
    pub from_escrow: bool,
    pub paid_at: Option<DateTime<Utc>>,
}

/// The answer while the charge is pending (the provider has not answered in time).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PayPending {
    pub payment_request_id: String,
    /// `PENDING`: the request is paid as soon as the charge is confirmed.
    #[schema(example = "PENDING")]
    pub transaction_status: &'static str,
    /// The pending provider operation.
    pub operation_id: String,
}

/// Pays a payment request (CLIENTs only): only its client may, once. No body is needed
/// (none, or any JSON, is accepted and ignored). The milestone's escrow pays if it
/// holds the amount; otherwise the client's default payment method is charged. The
/// freelancer's wallet is credited minus the platform fee and the milestone becomes PAID.
#[utoipa::path(post, path = "/api/v1/payments/requests/{requestId}/pay", tag = "workup-payments",
    security(("bearer" = [])),
    params(("requestId" = String, Path, description = "the payment request"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 200, body = PayResponse),
        (status = 202, body = PayPending, description = "the charge is pending; the request is paid when it is confirmed (a retry with the same Idempotency-Key resumes it)"),
        (status = 402, body = Problem, description = "the payment method was declined"),
        (status = 403, body = Problem, description = "the caller is not a client, or is the request's freelancer"),
        (status = 404, body = Problem, description = "no such request, or not the caller's"),
        (status = 409, body = Problem, description = "already paid or cancelled, a payment already in progress, or a request with this Idempotency-Key in progress"),
    ))]
pub async fn pay_request(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(request_id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    require(&me, Role::Client)?;
    let id = PaymentRequestId::parse(&request_id)?;
    let payments = &state.payments;
    idem.run(&state, me.user_id, |key| async move {
        let outcome = payments
            .pay_payment_request(me.user_id, id, None, &key)
            .await?;
        match outcome {
            PayOutcome::Paid(paid) => {
                let body = PayResponse {
                    transaction_id: paid.transaction_id.to_string(),
                    transaction_status: "SUCCESS",
                    payment_request_id: paid.request.id.to_string(),
                    amount: paid.request.amount.to_major_f64(),
                    platform_fee: paid.fee.to_major_f64(),
                    net_amount: paid.net.to_major_f64(),
                    from_escrow: paid.from_escrow,
                    paid_at: paid.request.paid_at,
                };
                Ok(Reply::json(StatusCode::OK, &body))
            }
            PayOutcome::Pending { operation_id } => {
                let body = PayPending {
                    payment_request_id: id.to_string(),
                    transaction_status: "PENDING",
                    operation_id: operation_id.to_string(),
                };
                Ok(Reply::json(StatusCode::ACCEPTED, &body))
            }
        }
    })
    .await
}
