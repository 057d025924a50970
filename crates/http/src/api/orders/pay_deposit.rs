//! `POST /api/v1/orders/{orderId}/pay-deposit`: the buyer pays the deposit of one of the
//! caller's ACCEPTED orders (ACCEPTED → DEPOSIT_PAID): it is held in the order's escrow.
//! Paid with `paymentMethod` (charged through the payment provider first, then held from
//! the wallet) or from the wallet balance when absent. Without an `Idempotency-Key` the
//! card charge is keyed by the order and this step, so concurrent clicks charge once.

use axum::extract::State;
use axum::response::Response;
use openlance_core::Problem;
use openlance_orders::OrderId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::{OrderView, PaymentPending, payment_reply};
use crate::idempotency::IdempotentJson;
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PayDeposit {
    /// A card of the payment provider (`pm_card_visa` with the test provider); absent:
    /// the wallet pays (send `{}`).
    pub payment_method: Option<String>,
}

/// Pays the deposit of one of the caller's orders.
#[utoipa::path(post, path = "/api/v1/orders/{orderId}/pay-deposit", tag = "orders",
    security(("bearer" = [])), request_body = PayDeposit,
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response and charge once")),
    responses((status = 200, body = OrderView), (status = 202, body = PaymentPending),
        (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 402, body = Problem, description = "the payment method was declined; nothing moved"),
        (status = 403, body = Problem, description = "the seller"), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the order is not ACCEPTED"),
        (status = 422, body = Problem, description = "`insufficient_funds` in the wallet")))]
pub async fn pay_deposit(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<PayDeposit>,
) -> Result<Response, ApiError> {
    let id = OrderId::parse(&id)?;
    let orders = &state.orders;
    let keyed = idem.sent_key();
    idem.run(&state, me.user_id, |key| async move {
        let key = keyed.then_some(&key);
        let method = body.payment_method.as_deref();
        let payment = orders.pay_deposit(me.user_id, id, method, key).await?;
        Ok(payment_reply(payment))
    })
    .await
}
