//! `POST /api/v1/payments/freelancers/me/wallet/withdraw`: WorkUp's withdrawal.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::from_workup_amount;
use crate::api::payments::views::movement_status;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkupWithdrawRequest {
    /// Whole currency units as a JSON number (`12.5` = 1250 cents of USD). Must be
    /// positive, with no more decimals than the currency has (2 for USD): `12.345` is a 400.
    #[schema(value_type = f64, example = 12.5)]
    pub amount: serde_json::Number,
    pub description: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupWithdrawResponse {
    /// The wallet's balance afterwards, in whole currency units.
    #[schema(example = 87.5)]
    pub balance: f64,
    /// The wallet transaction of the withdrawal.
    pub transaction_id: Option<String>,
}

/// Withdraws from the caller's wallet; 422 `insufficient_funds` when it would overdraw.
#[utoipa::path(post, path = "/api/v1/payments/freelancers/me/wallet/withdraw",
    tag = "workup-payments", security(("bearer" = [])), request_body = WorkupWithdrawRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 200, body = WorkupWithdrawResponse),
        (status = 202, body = WorkupWithdrawResponse, description = "taken from the wallet; the provider has not confirmed the payout yet"),
        (status = 409, body = Problem, description = "a request with this Idempotency-Key is in progress"),
        (status = 400, body = Problem, description = "bad amount or body"),
        (status = 402, body = Problem, description = "the provider refused the payout"),
        (status = 422, body = Problem, description = "insufficient funds, or Idempotency-Key reused"),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<WorkupWithdrawRequest>,
) -> Result<Response, ApiError> {
    let amount = from_workup_amount(&body.amount, state.payments.config().workup_currency)?;
    let payments = &state.payments;
    idem.run(&state, me.user_id, |key| async move {
        let done = payments
            .withdraw(me.user_id, amount, body.description, &key)
            .await?;
        let status = movement_status(&done, StatusCode::OK);
        let view = WorkupWithdrawResponse {
            balance: done.balance.to_major_f64(),
            transaction_id: done.transfer_id.map(|t| t.to_string()),
        };
        Ok(Reply::json(status, &view))
    })
    .await
}
