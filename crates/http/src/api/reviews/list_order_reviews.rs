//! `GET /api/v1/orders/{orderId}/reviews`: an order's reviews, for its parties only.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;

use super::views::OrderReviewsView;
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Your own review of the order always; the other party's once it is visible (both have
/// written, or the window has closed).
#[utoipa::path(get, path = "/api/v1/orders/{orderId}/reviews", tag = "reviews",
    security(("bearer" = [])), params(("orderId" = String, Path, description = "the order")),
    responses((status = 200, body = OrderReviewsView), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 404, body = Problem, description = "no such order, or not yours")))]
pub async fn list_order_reviews(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(order_id): ApiPath<String>,
) -> Result<Json<OrderReviewsView>, ApiError> {
    let seen = state.reviews.order_reviews(me.user_id, &order_id).await?;
    Ok(Json(OrderReviewsView::new(seen, state.clock.now())))
}
