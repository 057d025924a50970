//! `POST /api/v1/wallet/top-ups`: charge a payment method and credit the wallet.

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
pub struct TopUpRequest {
    /// A positive amount in minor units.
    pub amount: Money,
    /// The provider's payment method token; with the built-in test provider
    /// `pm_card_visa` succeeds and `pm_card_chargeDeclined` is declined (see docs/payments.md).
    #[schema(example = "pm_card_visa")]
    pub payment_method: String,
}

/// Tops up the caller's wallet. Send an `Idempotency-Key` header to make retries safe.
#[utoipa::path(post, path = "/api/v1/wallet/top-ups", tag = "payments",
    security(("bearer" = [])), request_body = TopUpRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 201, body = ProviderMovementView, description = "charged and credited"),
        (status = 202, body = ProviderMovementView, description = "the provider has not confirmed yet (pending): settled later, credited then; a retry with the same Idempotency-Key resumes it"),
        (status = 400, body = Problem, description = "bad amount, currency or body"),
        (status = 402, body = Problem, description = "the payment method was declined"),
        (status = 409, body = Problem, description = "a request with this Idempotency-Key is in progress"),
        (status = 422, body = Problem, description = "Idempotency-Key reused for another request"),
    ))]
pub async fn create_top_up(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<TopUpRequest>,
) -> Result<Response, ApiError> {
    let payments = &state.payments;
    idem.run(&state, me.user_id, |key| async move {
        let done = payments
            .top_up(me.user_id, body.amount, &body.payment_method, &key)
            .await?;
        let status = movement_status(&done, StatusCode::CREATED);
        Ok(Reply::json(status, &ProviderMovementView::from(done)))
    })
    .await
}
