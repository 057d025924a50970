//! `GET /api/v1/users/me/services`: the caller's own listings, every status.

use axum::Json;
use axum::extract::State;
use openlance_catalog::ListingStatus;
use openlance_core::Problem;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::ServicePage;
use crate::{ApiError, ApiQuery, AppState, AuthUser};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MyServicesQuery {
    /// Only listings in this status (all of them when absent).
    #[param(inline)]
    pub status: Option<ListingStatus>,
    pub cursor: Option<String>,
    /// 1..=100, default 20.
    pub limit: Option<i64>,
}

/// The caller's listings, newest first, archived ones included.
#[utoipa::path(get, path = "/api/v1/users/me/services", tag = "services",
    security(("bearer" = [])), params(MyServicesQuery),
    responses((status = 200, body = ServicePage), (status = 400, body = Problem),
        (status = 401, body = Problem)))]
pub async fn list_my_services(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(q): ApiQuery<MyServicesQuery>,
) -> Result<Json<ServicePage>, ApiError> {
    let limit = openlance_core::page_limit(q.limit)?;
    let page = state
        .catalog
        .seller_services(me.user_id, q.status, q.cursor.as_deref(), limit)
        .await?;
    Ok(Json(page.into()))
}
