//! `DELETE /api/v1/services/{serviceId}`: the seller archives a listing (final).

use axum::extract::State;
use axum::http::StatusCode;
use openlance_catalog::ServiceId;
use openlance_core::Problem;

use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Archives the caller's listing: it leaves search and cannot be ordered or changed; its
/// seller still sees it. Another user's listing is a 404; an archived one a 409.
#[utoipa::path(delete, path = "/api/v1/services/{serviceId}", tag = "services",
    security(("bearer" = [])), params(("serviceId" = String, Path)),
    responses(
        (status = 204, description = "archived"),
        (status = 400, body = Problem, description = "malformed id"),
        (status = 404, body = Problem, description = "no such listing of yours"),
        (status = 409, body = Problem, description = "already archived"),
    ))]
pub async fn archive_service(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(service_id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let id = ServiceId::parse(&service_id)?;
    state.catalog.archive_service(me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
