//! `POST /api/v1/orders/{orderId}/reviews`: the buyer or the seller of a completed order
//! reviews the other (once each, within the review window).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_reviews::NewReview;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::ReviewView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SubmitReview {
    /// 1 to 5 stars.
    #[schema(minimum = 1, maximum = 5, example = 5)]
    pub rating: i64,
    /// At most 5000 characters; optional.
    pub text: Option<String>,
}

/// Reviews a COMPLETED order as its buyer (about the seller and the listing) or its seller
/// (about the buyer). Hidden from the other party until they have reviewed too or the
/// window (14 days after completion) has closed.
#[utoipa::path(post, path = "/api/v1/orders/{orderId}/reviews", tag = "reviews",
    security(("bearer" = [])), request_body = SubmitReview,
    params(("orderId" = String, Path, description = "the order"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 201, body = ReviewView), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 404, body = Problem, description = "no such order, or not yours"),
        (status = 409, body = Problem, description = "not completed, the window closed, or already reviewed")))]
pub async fn submit_review(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(order_id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<SubmitReview>,
) -> Result<Response, ApiError> {
    let reviews = &state.reviews;
    let clock = &state.clock;
    idem.run(&state, me.user_id, |_| async move {
        let new = NewReview {
            rating: body.rating,
            text: body.text,
        };
        let review = reviews.submit(me.user_id, &order_id, new).await?;
        Ok(Reply::json(
            StatusCode::CREATED,
            &ReviewView::new(review, clock.now()),
        ))
    })
    .await
}
