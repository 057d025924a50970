//! `GET /api/v1/orders?role=&status=&cursor=&limit=`: the caller's orders, newest first.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use openlance_orders::{OrderStatus, Party};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::views::OrderPage;
use crate::{ApiError, ApiQuery, AppState, AuthUser};

/// Which side of their orders the caller lists.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrderRole {
    Buyer,
    Seller,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// `buyer` or `seller`; both when absent.
    #[param(inline)]
    pub role: Option<OrderRole>,
    /// Only orders in this state.
    #[param(inline)]
    pub status: Option<OrderStatus>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

/// The caller's orders as buyer and/or seller, newest first.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders",
    security(("bearer" = [])), params(OrderQuery),
    responses((status = 200, body = OrderPage), (status = 400, body = Problem),
        (status = 401, body = Problem)))]
pub async fn list_orders(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<OrderQuery>,
) -> Result<Json<OrderPage>, ApiError> {
    let side = query.role.map(|r| match r {
        OrderRole::Buyer => Party::Buyer,
        OrderRole::Seller => Party::Seller,
    });
    let page = state
        .orders
        .orders_of(
            me.user_id,
            side,
            query.status,
            query.cursor.as_deref(),
            query.limit,
        )
        .await?;
    Ok(Json(page.into()))
}
