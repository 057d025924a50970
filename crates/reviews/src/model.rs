//! A review, what its author sends, and the rules for its fields.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Result, Validator};
use openlance_storage::{AnyRow, Row};

use crate::ReviewId;

/// Which side of the order wrote a review.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthorRole {
    /// The buyer reviewed the seller (and, through the order, the listing).
    Buyer,
    /// The seller reviewed the buyer.
    Seller,
}

impl AuthorRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buyer => "BUYER",
            Self::Seller => "SELLER",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "BUYER" => Some(Self::Buyer),
            "SELLER" => Some(Self::Seller),
            _ => None,
        }
    }
}

/// A stored review.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub id: ReviewId,
    pub order_id: String,
    pub service_id: String,
    pub author_id: UserId,
    /// The person reviewed: the order's other party.
    pub subject_id: UserId,
    pub author_role: AuthorRole,
    /// 1 to 5 stars.
    pub rating: i64,
    pub text: Option<String>,
    /// The reviewed person's one reply.
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// From when anyone but its author may see it.
    pub visible_from: DateTime<Utc>,
}

impl Review {
    /// Whether people other than its author may see it at `now`.
    pub fn is_visible_at(&self, now: DateTime<Utc>) -> bool {
        self.visible_from <= now
    }
}

/// What an order's party writes.
#[derive(Clone, Debug, Default)]
pub struct NewReview {
    /// 1 to 5 stars.
    pub rating: i64,
    /// Optional; blank counts as none.
    pub text: Option<String>,
}

pub(crate) const MAX_TEXT: usize = 5000;
pub(crate) const MAX_REPLY: usize = 2000;

/// The review's text, trimmed (blank → none), after checking both fields.
pub(crate) fn check_review(new: &NewReview) -> Result<Option<String>> {
    let mut v = Validator::new();
    v.check(
        (1..=5).contains(&new.rating),
        "rating",
        "must be a whole number of stars from 1 to 5",
    );
    let text = new.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        v.check(
            t.chars().count() <= MAX_TEXT,
            "text",
            format!("at most {MAX_TEXT} characters"),
        );
    }
    v.finish()?;
    Ok(text.map(str::to_string))
}

/// The reply's text, trimmed, after checking it.
pub(crate) fn check_reply(text: &str) -> Result<String> {
    let text = text.trim();
    let mut v = Validator::new();
    v.check(!text.is_empty(), "text", "must not be empty");
    v.check(
        text.chars().count() <= MAX_REPLY,
        "text",
        format!("at most {MAX_REPLY} characters"),
    );
    v.finish()?;
    Ok(text.to_string())
}

/// An order id as the orders context issues them (a UUID); anything else is a 400 before
/// the orders context is asked.
pub(crate) fn check_id(field: &'static str, id: &str) -> Result<String> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| DomainError::invalid(field, format!("'{id}' is not a valid id")))
}

pub(crate) const COLUMNS: &str = "id, order_id, service_id, author_id, subject_id, author_role, \
    rating, body, reply, replied_at, created_at, visible_from";

pub(crate) fn from_row(row: &AnyRow) -> Result<Review> {
    let role: String = row.try_get("author_role")?;
    let replied_at: Option<i64> = row.try_get("replied_at")?;
    Ok(Review {
        id: ReviewId::parse(&row.try_get::<String, _>("id")?)?,
        order_id: row.try_get("order_id")?,
        service_id: row.try_get("service_id")?,
        author_id: UserId::parse(&row.try_get::<String, _>("author_id")?)?,
        subject_id: UserId::parse(&row.try_get::<String, _>("subject_id")?)?,
        author_role: AuthorRole::parse(&role)
            .ok_or_else(|| DomainError::internal(format!("stored review author role {role}")))?,
        rating: row.try_get("rating")?,
        text: row.try_get("body")?,
        reply: row.try_get("reply")?,
        replied_at: replied_at.map(from_micros),
        created_at: from_micros(row.try_get("created_at")?),
        visible_from: from_micros(row.try_get("visible_from")?),
    })
}
