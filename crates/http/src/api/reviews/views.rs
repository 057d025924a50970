//! How reviews and ratings look in JSON: a party's view of an order's reviews, the public
//! view of a visible review (without the order), and a page of them with its rating.

use chrono::{DateTime, Utc};
use openlance_accounts::PublicProfile;
use openlance_reviews::{AuthorRole, OrderReviews, Rating, Review};
use serde::Serialize;
use utoipa::ToSchema;

/// The reviewed person's reply.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplyView {
    pub text: String,
    pub replied_at: DateTime<Utc>,
}

/// A review as one of the order's parties sees it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewView {
    pub id: String,
    pub order_id: String,
    pub service_id: String,
    pub author_id: String,
    /// The person reviewed.
    pub subject_id: String,
    /// `BUYER` (a review of the seller) or `SELLER` (a review of the buyer).
    pub author_role: AuthorRole,
    /// 1 to 5 stars.
    pub rating: i64,
    pub text: Option<String>,
    pub reply: Option<ReplyView>,
    pub created_at: DateTime<Utc>,
    /// From when the other party and the public see it: the end of the review window, or
    /// when the second review arrived.
    pub visible_from: DateTime<Utc>,
    /// Whether the other party and the public see it now.
    pub visible: bool,
}

impl ReviewView {
    pub fn new(r: Review, now: DateTime<Utc>) -> Self {
        Self {
            visible: r.is_visible_at(now),
            id: r.id.to_string(),
            order_id: r.order_id,
            service_id: r.service_id,
            author_id: r.author_id.to_string(),
            subject_id: r.subject_id.to_string(),
            author_role: r.author_role,
            rating: r.rating,
            text: r.text,
            reply: reply(r.reply, r.replied_at),
            created_at: r.created_at,
            visible_from: r.visible_from,
        }
    }
}

fn reply(text: Option<String>, at: Option<DateTime<Utc>>) -> Option<ReplyView> {
    Some(ReplyView {
        text: text?,
        replied_at: at?,
    })
}

/// An order's reviews for one of its parties.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderReviewsView {
    /// Your own review, and the other party's once it is visible (double-blind).
    pub reviews: Vec<ReviewView>,
    /// When the review window closes; `null` until the order is COMPLETED.
    pub closes_at: Option<DateTime<Utc>>,
    /// Whether you may still write your review.
    pub may_review: bool,
}

impl OrderReviewsView {
    pub fn new(o: OrderReviews, now: DateTime<Utc>) -> Self {
        Self {
            reviews: o
                .reviews
                .into_iter()
                .map(|r| ReviewView::new(r, now))
                .collect(),
            closes_at: o.closes_at,
            may_review: o.may_review,
        }
    }
}

/// A visible review, as anyone sees it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicReview {
    pub id: String,
    pub service_id: String,
    pub author_id: String,
    pub subject_id: String,
    /// `BUYER` (a review of the seller) or `SELLER` (a review of the buyer).
    pub author_role: AuthorRole,
    pub rating: i64,
    pub text: Option<String>,
    pub reply: Option<ReplyView>,
    pub created_at: DateTime<Utc>,
    /// When it became visible; lists are ordered by it, newest first.
    pub published_at: DateTime<Utc>,
}

impl From<Review> for PublicReview {
    fn from(r: Review) -> Self {
        Self {
            id: r.id.to_string(),
            service_id: r.service_id,
            author_id: r.author_id.to_string(),
            subject_id: r.subject_id.to_string(),
            author_role: r.author_role,
            rating: r.rating,
            text: r.text,
            reply: reply(r.reply, r.replied_at),
            created_at: r.created_at,
            published_at: r.visible_from,
        }
    }
}

/// A page of visible reviews with the rating they add up to.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPage {
    pub items: Vec<PublicReview>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Average and count of every visible review of the list (not only this page).
    pub rating: Rating,
}

/// A public profile with the user's rating as a seller (what `GET /api/v1/users/{userId}`
/// answers; the rating is read fresh while the profile may come from the cache).
#[derive(Serialize, ToSchema)]
pub struct RatedProfile {
    #[serde(flatten)]
    pub profile: PublicProfile,
    /// The average and count of the visible reviews their buyers wrote.
    pub rating: Rating,
}
