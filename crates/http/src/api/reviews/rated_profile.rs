//! A public profile with its seller rating, as the profile route and a listing's page show
//! it. The profile may come from the cache (a minute old at most); the rating is read fresh
//! every time, since a review becomes visible by the clock (its window closing) as well as
//! by a write, and no write could evict a cached rating at that moment.

use openlance_core::DomainError;
use openlance_core::id::UserId;
use openlance_reviews::Rating;
use serde_json::{Map, Value};

use crate::AppState;
use crate::api::accounts::profile_cache;

/// The public profile of `id` as a JSON object with `rating: {average, count}` added.
pub(crate) async fn rated_profile(
    state: &AppState,
    id: UserId,
) -> Result<Map<String, Value>, DomainError> {
    let rating = state.reviews.seller_rating(id).await?;
    with_rating(state, id, rating).await
}

/// The public profile of `id` with the seller `rating` the caller read.
pub(crate) async fn with_rating(
    state: &AppState,
    id: UserId,
    rating: Rating,
) -> Result<Map<String, Value>, DomainError> {
    let profile = profile_cache::public_profile_json(state, id).await?;
    let mut object: Map<String, Value> =
        serde_json::from_slice(&profile).map_err(DomainError::internal)?;
    object.insert(
        "rating".into(),
        serde_json::to_value(rating).map_err(DomainError::internal)?,
    );
    Ok(object)
}
