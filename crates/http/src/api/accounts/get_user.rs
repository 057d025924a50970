//! `GET /api/v1/users/{userId}`: anyone's public profile, with their rating as a seller.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use openlance_core::id::UserId;

use crate::api::reviews::{RatedProfile, rated_profile};
use crate::{ApiError, ApiPath, AppState};

/// A user's public profile: no email and no private fields; `rating` is the average and
/// count of the visible reviews their buyers wrote.
#[utoipa::path(get, path = "/api/v1/users/{userId}", tag = "accounts",
    params(("userId" = String, Path, description = "the user's id")),
    responses(
        (status = 200, body = RatedProfile),
        (status = 400, body = Problem, description = "malformed id"),
        (status = 404, body = Problem),
    ))]
pub async fn get_user(
    State(state): State<AppState>,
    ApiPath(user_id): ApiPath<String>,
) -> Result<Json<serde_json::Map<String, serde_json::Value>>, ApiError> {
    let id = UserId::parse(&user_id)
        .map_err(|_| openlance_core::DomainError::invalid("userId", "is not a valid id"))?;
    Ok(Json(rated_profile(&state, id).await?))
}
