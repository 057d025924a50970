//! `POST /api/v1/reviews/{reviewId}/reply`: the person reviewed replies, once, to a
//! visible review about them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::{DomainError, Problem};
use openlance_reviews::ReviewId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::ReviewView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReplyToReview {
    /// 1 to 2000 characters.
    pub text: String,
}

/// Replies to a visible review about the caller; one reply per review.
#[utoipa::path(post, path = "/api/v1/reviews/{reviewId}/reply", tag = "reviews",
    security(("bearer" = [])), request_body = ReplyToReview,
    params(("reviewId" = String, Path, description = "the review"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = ReviewView), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 403, body = Problem, description = "its author (only the person reviewed replies)"),
        (status = 404, body = Problem, description = "no such review, not about you, or not visible yet"),
        (status = 409, body = Problem, description = "already replied")))]
pub async fn reply_review(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(review_id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<ReplyToReview>,
) -> Result<Response, ApiError> {
    let id = ReviewId::parse(&review_id)
        .map_err(|_| DomainError::invalid("reviewId", "is not a valid id"))?;
    let reviews = &state.reviews;
    let clock = &state.clock;
    idem.run(&state, me.user_id, |_| async move {
        let review = reviews.reply(me.user_id, id, &body.text).await?;
        Ok(Reply::json(
            StatusCode::OK,
            &ReviewView::new(review, clock.now()),
        ))
    })
    .await
}
