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
    let json = profile_cache::public_profile_json(&state, id).await?;
    Ok(json_bytes(json))
}

fn json_bytes(json: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}
