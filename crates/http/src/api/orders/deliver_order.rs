//! `POST /api/v1/orders/{orderId}/deliver`: the seller marks a paid order done
//! (DEPOSIT_PAID → DELIVERED); the buyer completes or disputes it, or the auto-complete
//! timer completes it after the configured number of days.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_orders::OrderId;

use super::views::OrderView;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Marks one of the caller's paid orders as delivered.
#[utoipa::path(post, path = "/api/v1/orders/{orderId}/deliver", tag = "orders",
    security(("bearer" = [])),
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = OrderView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "the buyer"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the order is not DEPOSIT_PAID")))]
pub async fn deliver_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let id = OrderId::parse(&id)?;
    let orders = &state.orders;
    idem.run(&state, me.user_id, |_| async move {
        let order = orders.deliver(me.user_id, id).await?;
        Ok(Reply::json(StatusCode::OK, &OrderView::from(order)))
    })
    .await
}
