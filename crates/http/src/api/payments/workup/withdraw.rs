//! `POST /api/v1/payments/freelancers/me/wallet/withdraw`: WorkUp's withdrawal.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_core::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{require, workup_status};
use crate::api::payments::views::movement_status;
use crate::api::workup_amount::WorkupAmount;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupWithdrawRequest {
    /// Whole currency units as a JSON number or string (`12.5` or `"12.5"` = 1250 cents of
    /// USD). Must be positive, with no more decimals than the currency has (2 for USD):
    /// `12.345` is a 400.
    #[schema(value_type = f64, example = 12.5)]
    pub amount: WorkupAmount,
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

/// Withdraws from the caller's wallet (FREELANCERs only); 400 `insufficient_funds` when it
/// would overdraw, as WorkUp answers. Fields WorkUp sends that we do not use are ignored.
#[utoipa::path(post, path = "/api/v1/payments/freelancers/me/wallet/withdraw",
    tag = "workup-payments", security(("bearer" = [])), request_body = WorkupWithdrawRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 200, body = WorkupWithdrawResponse),
        (status = 202, body = WorkupWithdrawResponse, description = "taken from the wallet; the provider has not confirmed the payout yet"),
        (status = 409, body = Problem, description = "a request with this Idempotency-Key is in progress"),
        (status = 400, body = Problem, description = "bad amount or body, or insufficient funds"),
        (status = 402, body = Problem, description = "the provider refused the payout"),
        (status = 403, body = Problem, description = "the caller is not a freelancer"),
        (status = 422, body = Problem, description = "Idempotency-Key reused"),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<WorkupWithdrawRequest>,
) -> Result<Response, ApiError> {
    require(&me, Role::Freelancer)?;
    let amount = body
        .amount
        .to_money(state.payments.config().workup_currency, "amount")?;
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
    .map_err(workup_status)
}
