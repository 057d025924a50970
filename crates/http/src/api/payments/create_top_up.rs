//! `POST /api/v1/wallet/top-ups`: charge a payment method and credit the wallet.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::{Money, Problem};
use serde::Deserialize;
use utoipa::ToSchema;

use super::idempotency::IdempotentJson;
use super::views::ProviderMovementView;
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
        (status = 201, body = ProviderMovementView, description = "charged (or pending) and credited"),
        (status = 400, body = Problem, description = "bad amount, currency or body"),
        (status = 402, body = Problem, description = "the payment method was declined"),
        (status = 422, body = Problem, description = "Idempotency-Key reused for another request"),
    ))]
pub async fn create_top_up(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<TopUpRequest>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin().await?;
    if let Some(replay) = idem.claim(&state, &mut tx, me.user_id).await? {
        return Ok(replay);
    }
    let done = state
        .payments
        .top_up(&mut tx, me.user_id, body.amount, &body.payment_method)
        .await?;
    let view = ProviderMovementView::from(done);
    let res = idem
        .respond(&state, &mut tx, me.user_id, StatusCode::CREATED, &view)
        .await?;
    tx.commit().await?;
    Ok(res)
}
