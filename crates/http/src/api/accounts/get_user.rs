//! `GET /api/v1/users/{userId}`: anyone's public profile, with their rating as a seller.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use openlance_core::Problem;
use openlance_core::id::UserId;
use openlance_reviews::Rating;

use super::profile_cache;
use crate::api::reviews::RatedProfile;
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
) -> Result<Response, ApiError> {
    let id = UserId::parse(&user_id)
        .map_err(|_| openlance_core::DomainError::invalid("userId", "is not a valid id"))?;
    let profile = profile_cache::public_profile_json(&state, id).await?;
    // The profile may be a minute old; the rating never is: a review becomes visible by
    // the clock (its window closing) as well as by a write, so no write could evict it.
    let rating = state.reviews.seller_rating(id).await?;
    Ok(json_bytes(with_rating(profile, rating)?))
}

/// The profile's JSON object with `rating` added.
fn with_rating(profile: Vec<u8>, rating: Rating) -> openlance_core::Result<Vec<u8>> {
    let bad = openlance_core::DomainError::internal;
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&profile).map_err(bad)?;
    object.insert("rating".into(), serde_json::to_value(rating).map_err(bad)?);
    serde_json::to_vec(&object).map_err(bad)
}

fn json_bytes(json: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}
