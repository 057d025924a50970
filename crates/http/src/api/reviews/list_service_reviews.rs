//! `GET /api/v1/services/{serviceId}/reviews`: a listing's visible reviews (by its
//! buyers), newest published first, with the listing's rating. Public.

use axum::Json;
use axum::extract::State;
use openlance_core::{Problem, page_limit};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::ReviewPage;
use crate::{ApiError, ApiPath, ApiQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewsQuery {
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

/// The visible reviews of a listing's orders and its rating.
#[utoipa::path(get, path = "/api/v1/services/{serviceId}/reviews", tag = "reviews",
    params(("serviceId" = String, Path, description = "the listing"), ReviewsQuery),
    responses((status = 200, body = ReviewPage), (status = 400, body = Problem)))]
pub async fn list_service_reviews(
    State(state): State<AppState>,
    ApiPath(service_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<ReviewsQuery>,
) -> Result<Json<ReviewPage>, ApiError> {
    let limit = page_limit(query.limit)?;
    let page = state
        .reviews
        .reviews_of_service(&service_id, query.cursor.as_deref(), limit)
        .await?;
    let rating = state.reviews.service_rating(&service_id).await?;
    Ok(Json(ReviewPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
        rating,
    }))
}
