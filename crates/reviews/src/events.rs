//! The events of the reviews context, one payload struct per kind, written to the outbox
//! in the transaction that makes the change. Their subject is the order, so the relay
//! hands out one order's review events in the order they happened.

use openlance_core::EventPayload;
use serde::{Deserialize, Serialize};

/// `reviews.review_submitted`: a party reviewed a completed order. Not yet visible to
/// anyone else unless it was the second review (then `reviews.review_published` follows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSubmitted {
    pub review_id: String,
    pub order_id: String,
    pub service_id: String,
    pub author_id: String,
    pub subject_id: String,
    pub rating: i64,
}

impl EventPayload for ReviewSubmitted {
    const KIND: &'static str = "reviews.review_submitted";
    fn subject(&self) -> String {
        self.order_id.clone()
    }
}

/// `reviews.review_published`: a review became visible because the order's second review
/// arrived (one event for each of the two). A review that becomes visible because its
/// window closed emits nothing: that happens by the clock, with no write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewPublished {
    pub review_id: String,
    pub order_id: String,
    pub service_id: String,
    pub author_id: String,
    pub subject_id: String,
    pub rating: i64,
}

impl EventPayload for ReviewPublished {
    const KIND: &'static str = "reviews.review_published";
    fn subject(&self) -> String {
        self.order_id.clone()
    }
}

/// `reviews.review_replied`: the person reviewed replied to a review about them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewReplied {
    pub review_id: String,
    pub order_id: String,
    pub author_id: String,
    pub subject_id: String,
}

impl EventPayload for ReviewReplied {
    const KIND: &'static str = "reviews.review_replied";
    fn subject(&self) -> String {
        self.order_id.clone()
    }
}

impl From<&crate::Review> for ReviewPublished {
    fn from(r: &crate::Review) -> Self {
        Self {
            review_id: r.id.to_string(),
            order_id: r.order_id.clone(),
            service_id: r.service_id.clone(),
            author_id: r.author_id.to_string(),
            subject_id: r.subject_id.to_string(),
            rating: r.rating,
        }
    }
}
