//! `POST /orders/{id}/review`: a party of a COMPLETED order reviews the other (1–5 stars
//! and a text), and the order page's reviews box. Reviews are double-blind: the reviews
//! context shows the other's review only once both have written or the window has closed.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_core::DomainError;
use openlance_core::id::UserId;
use openlance_http::AppState;
use openlance_orders::OrderId;
use openlance_reviews::{NewReview, Review};
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

/// One review as the order page shows it.
pub struct ReviewLine {
    pub id: String,
    pub by_me: bool,
    pub stars: String,
    pub rating: i64,
    pub text: Option<String>,
    pub reply: Option<String>,
    /// The review is about the visitor, visible, and not yet answered.
    pub may_reply: bool,
}

impl ReviewLine {
    /// `r` as `me` sees it; `None` for a page that is nobody's own (a public profile).
    pub fn of(r: &Review, me: Option<UserId>) -> Self {
        Self {
            id: r.id.to_string(),
            by_me: me == Some(r.author_id),
            stars: stars(r.rating),
            rating: r.rating,
            text: r.text.clone(),
            reply: r.reply.clone(),
            may_reply: me == Some(r.subject_id) && r.reply.is_none(),
        }
    }
}

/// "★★★★☆" for four stars.
pub fn stars(rating: i64) -> String {
    let full = usize::try_from(rating.clamp(0, 5)).unwrap_or(0);
    format!("{}{}", "★".repeat(full), "☆".repeat(5 - full))
}

/// The reviews box of a COMPLETED order's page.
pub struct ReviewsBox {
    pub items: Vec<ReviewLine>,
    pub may_review: bool,
    pub closes: Option<String>,
}

impl ReviewsBox {
    pub async fn of(state: &AppState, me: UserId, id: OrderId) -> Result<Self, WebError> {
        let seen = state.reviews.order_reviews(me, &id.to_string()).await?;
        Ok(Self {
            items: seen
                .reviews
                .iter()
                .map(|r| ReviewLine::of(r, Some(me)))
                .collect(),
            may_review: seen.may_review,
            closes: seen
                .closes_at
                .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string()),
        })
    }
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    text: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path(id): Path<String>,
    WebForm(f): WebForm<ReviewForm>,
) -> Result<Response, WebError> {
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let page = format!("/orders/{id}");
    let new = NewReview {
        // Anything but a whole number becomes 0, which the reviews context refuses.
        rating: f.rating.trim().parse().unwrap_or(0),
        text: Some(f.text),
    };
    match state.reviews.submit(me.user_id, &id.to_string(), new).await {
        Ok(_) => Ok(flash::ok(
            &page,
            "Thank you for your review. It is published once the other side has written theirs, or when the review window closes.",
        )),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error(&page, e.to_string())),
    }
}
