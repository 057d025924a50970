//! `POST /api/v1/orders/{orderId}/dispute`: the buyer contests a delivery, saying why
//! (DELIVERED → DISPUTED); the auto-complete clock stops and an admin decides.

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
pub struct DisputeOrder {
    /// What is wrong, 1 to 5000 characters.
    pub reason: String,
}

/// Disputes the delivery of one of the caller's orders.
#[utoipa::path(post, path = "/api/v1/orders/{orderId}/dispute", tag = "orders",
    security(("bearer" = [])), request_body = DisputeOrder,
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = OrderView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "the seller"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the order is not DELIVERED")))]
pub async fn dispute_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<DisputeOrder>,
) -> Result<Response, ApiError> {
    let id = OrderId::parse(&id)?;
    let orders = &state.orders;
    idem.run(&state, me.user_id, |_| async move {
        let order = orders.dispute(me.user_id, id, &body.reason).await?;
        Ok(Reply::json(StatusCode::OK, &OrderView::from(order)))
    })
    .await
}
