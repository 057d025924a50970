//! `POST /api/v1/wallet/withdrawals`: pay money out of the wallet through the provider.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::{Money, Problem};
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::{ProviderMovementView, movement_status};
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WithdrawalRequest {
    /// A positive amount in minor units, at most the available balance.
    pub amount: Money,
}

/// Withdraws from the caller's wallet; refused with 422 `insufficient_funds` when it
/// would overdraw. Send an `Idempotency-Key` header to make retries safe.
#[utoipa::path(post, path = "/api/v1/wallet/withdrawals", tag = "payments",
    security(("bearer" = [])), request_body = WithdrawalRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 201, body = ProviderMovementView, description = "paid out"),
        (status = 202, body = ProviderMovementView, description = "taken from the wallet; the provider has not confirmed the payout yet (settled later; a failed payout gives the money back)"),
        (status = 409, body = Problem, description = "a request with this Idempotency-Key is in progress"),
        (status = 400, body = Problem, description = "bad amount, currency or body"),
        (status = 402, body = Problem, description = "the provider refused the payout"),
        (status = 422, body = Problem, description = "insufficient funds, or Idempotency-Key reused"),
    ))]
pub async fn create_withdrawal(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<WithdrawalRequest>,
) -> Result<Response, ApiError> {
    let payments = &state.payments;
    idem.run(&state, me.user_id, |key| async move {
        let done = payments
            .withdraw(me.user_id, body.amount, None, &key)
            .await?;
        let status = movement_status(&done, StatusCode::CREATED);
        Ok(Reply::json(status, &ProviderMovementView::from(done)))
    })
    .await
}
