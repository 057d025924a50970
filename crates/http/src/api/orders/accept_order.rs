//! `POST /api/v1/orders/{orderId}/accept`: the seller confirms a request
//! (REQUESTED → ACCEPTED); the buyer now owes the deposit.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_orders::OrderId;

use super::views::OrderView;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Confirms a request on one of the caller's services ("Confirm request").
#[utoipa::path(post, path = "/api/v1/orders/{orderId}/accept", tag = "orders",
    security(("bearer" = [])),
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = OrderView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "the buyer"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the order is not REQUESTED")))]
pub async fn accept_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let id = OrderId::parse(&id)?;
    let orders = &state.orders;
    idem.run(&state, me.user_id, |_| async move {
        let order = orders.accept(me.user_id, id).await?;
        Ok(Reply::json(StatusCode::OK, &OrderView::from(order)))
    })
    .await
}
