//! `POST /orders/{id}/reviews/{review}/reply`: the person a visible review is about
//! answers it, once. The reviews context decides who may; a refusal is a flash message.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_core::DomainError;
use openlance_http::AppState;
use openlance_orders::OrderId;
use openlance_reviews::ReviewId;
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    text: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((id, review)): Path<(String, String)>,
    WebForm(f): WebForm<ReplyForm>,
) -> Result<Response, WebError> {
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let review = ReviewId::parse(&review).map_err(|_| WebError::not_found())?;
    // The order must be the visitor's, and the review one of its own.
    let seen = state
        .reviews
        .order_reviews(me.user_id, &id.to_string())
        .await?;
    if !seen.reviews.iter().any(|r| r.id == review) {
        return Err(WebError::not_found());
    }
    let page = format!("/orders/{id}");
    match state.reviews.reply(me.user_id, review, &f.text).await {
        Ok(_) => Ok(flash::ok(&page, "Your reply is published.")),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error(&page, e.to_string())),
    }
}
