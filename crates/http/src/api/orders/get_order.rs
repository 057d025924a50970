//! `GET /api/v1/orders/{orderId}`: an order with its history, for its buyer or seller
//! (anyone else: 404).

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use openlance_orders::OrderId;
use serde::Serialize;
use utoipa::ToSchema;

use super::views::{HistoryView, OrderView};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderWithHistory {
    #[serde(flatten)]
    pub order: OrderView,
    /// Its placing, then every transition, oldest first.
    pub history: Vec<HistoryView>,
}

/// One of the caller's orders, with its history.
#[utoipa::path(get, path = "/api/v1/orders/{orderId}", tag = "orders",
    security(("bearer" = [])), params(("orderId" = String, Path, description = "the order")),
    responses((status = 200, body = OrderWithHistory), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_order(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<OrderWithHistory>, ApiError> {
    let id = OrderId::parse(&id)?;
    let order = state.orders.order(me.user_id, id).await?;
    let history = state.orders.history(me.user_id, id).await?;
    Ok(Json(OrderWithHistory {
        order: order.into(),
        history: history.into_iter().map(Into::into).collect(),
    }))
}
