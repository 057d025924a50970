//! `GET /api/v1/admin/disputes?cursor=&limit=`: the open disputes (DISPUTED orders),
//! oldest first, for admins (anyone else: 403).

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::OrderPage;
use crate::{ApiError, ApiQuery, AppState, AuthUser};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DisputeQuery {
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

/// The disputed orders awaiting an admin, oldest first, with their `disputeReason`.
#[utoipa::path(get, path = "/api/v1/admin/disputes", tag = "admin",
    security(("bearer" = [])), params(DisputeQuery),
    responses((status = 200, body = OrderPage), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "not an admin")))]
pub async fn list_disputes(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<DisputeQuery>,
) -> Result<Json<OrderPage>, ApiError> {
    let page = state
        .orders
        .disputes(me.is_admin(), query.cursor.as_deref(), query.limit)
        .await?;
    Ok(Json(page.into()))
}
