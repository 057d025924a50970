//! `POST /api/v1/orders/{orderId}/cancel`: a party cancels an order. A request is
//! withdrawn by its buyer; an ACCEPTED order is cancelled by either party; a
//! DEPOSIT_PAID order needs both: the first cancel records a cancellation request
//! (`cancellationRequestedBy`, the order stays DEPOSIT_PAID), the other party's cancel
//! moves it to CANCELLED and refunds the deposit to the buyer's wallet.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_orders::OrderId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::OrderView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CancelOrder {
    /// Why, up to 5000 characters (optional; send `{}` without one).
    pub reason: Option<String>,
}

/// Cancels one of the caller's orders, or asks the other party to agree.
#[utoipa::path(post, path = "/api/v1/orders/{orderId}/cancel", tag = "orders",
    security(("bearer" = [])), request_body = CancelOrder,
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = OrderView, description = "CANCELLED, or DEPOSIT_PAID with `cancellationRequestedBy` set"),
        (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the seller of a request (who declines instead)"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "delivered or finished, or `cancellation_requested` (the caller already asked)")))]
pub async fn cancel_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<CancelOrder>,
) -> Result<Response, ApiError> {
    let id = OrderId::parse(&id)?;
    let orders = &state.orders;
    idem.run(&state, me.user_id, |_| async move {
        let order = orders
            .cancel(me.user_id, id, body.reason.as_deref())
            .await?;
        Ok(Reply::json(StatusCode::OK, &OrderView::from(order)))
    })
    .await
}
