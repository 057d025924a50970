//! `GET /api/v1/users/{userId}/reviews?role=seller|buyer`: the visible reviews about a
//! user — by their buyers (as a seller, the default) or by their sellers (as a buyer) —
//! newest published first, with the rating they add up to. Public.

use axum::Json;
use axum::extract::State;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Problem, page_limit};
use openlance_reviews::AuthorRole;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::views::ReviewPage;
use crate::{ApiError, ApiPath, ApiQuery, AppState};

/// The side of their orders the user was reviewed on.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReviewedAs {
    /// Reviews their buyers wrote (the seller rating).
    #[default]
    Seller,
    /// Reviews their sellers wrote.
    Buyer,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserReviewsQuery {
    /// `seller` (default) or `buyer`.
    #[param(inline)]
    pub role: Option<ReviewedAs>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

/// The visible reviews about a user in one role, and their rating in it.
#[utoipa::path(get, path = "/api/v1/users/{userId}/reviews", tag = "reviews",
    params(("userId" = String, Path, description = "the user"), UserReviewsQuery),
    responses((status = 200, body = ReviewPage), (status = 400, body = Problem)))]
pub async fn list_user_reviews(
    State(state): State<AppState>,
    ApiPath(user_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<UserReviewsQuery>,
) -> Result<Json<ReviewPage>, ApiError> {
    let user =
        UserId::parse(&user_id).map_err(|_| DomainError::invalid("userId", "is not a valid id"))?;
    let limit = page_limit(query.limit)?;
    let written_by = match query.role.unwrap_or_default() {
        ReviewedAs::Seller => AuthorRole::Buyer,
        ReviewedAs::Buyer => AuthorRole::Seller,
    };
    let reviews = &state.reviews;
    let page = reviews
        .reviews_of_user(user, written_by, query.cursor.as_deref(), limit)
        .await?;
    let rating = reviews.user_rating(user, written_by).await?;
    Ok(Json(ReviewPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
        rating,
    }))
}
