//! `GET /api/v1/users/{userId}`: anyone's public profile.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use openlance_accounts::PublicProfile;
use openlance_core::Problem;
use openlance_core::id::UserId;

use super::profile_cache;
use crate::{ApiError, ApiPath, AppState};

/// A user's public profile: no email and no private fields.
#[utoipa::path(get, path = "/api/v1/users/{userId}", tag = "accounts",
    params(("userId" = String, Path, description = "the user's id")),
    responses(
        (status = 200, body = PublicProfile),
        (status = 400, body = Problem, description = "malformed id"),
        (status = 404, body = Problem),
    ))]
pub async fn get_user(
    State(state): State<AppState>,
    ApiPath(user_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let id = UserId::parse(&user_id)
        .map_err(|_| openlance_core::DomainError::invalid("userId", "is not a valid id"))?;
    let key = profile_cache::key(id);
    match state.cache.get(&key).await {
        Ok(Some(json)) => return Ok(json_bytes(json)),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "profile cache unavailable; reading the database"),
    }
    let json = serde_json::to_vec(&state.accounts.public_profile(id).await?)
        .map_err(openlance_core::DomainError::internal)?;
    if let Err(e) = state.cache.set(&key, &json, profile_cache::TTL).await {
        tracing::warn!(error = %e, "could not cache a profile");
    }
    Ok(json_bytes(json))
}

fn json_bytes(json: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}
