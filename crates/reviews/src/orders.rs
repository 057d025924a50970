//! What the reviews context needs from the orders context, declared here and implemented
//! at assembly (`crates/http/src/assembly.rs`), so this crate depends on nothing of orders
//! and reads none of its tables.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::id::UserId;

/// The orders context's side of reviewing an order.
#[async_trait]
pub trait ReviewableOrders: Send + Sync {
    /// The order's parties and completion time, or None when it does not exist.
    async fn reviewable(&self, order_id: &str) -> Result<Option<ReviewableOrder>>;
}

/// An order as reviews see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewableOrder {
    pub order_id: String,
    /// The listing the order was placed on: its rating counts the buyer's review.
    pub service_id: String,
    pub buyer_id: UserId,
    pub seller_id: UserId,
    /// When the order became COMPLETED; `None` until then.
    pub completed_at: Option<DateTime<Utc>>,
}

impl ReviewableOrder {
    /// The side `user` is on, or `None` for anyone else.
    pub(crate) fn role_of(&self, user: UserId) -> Option<crate::AuthorRole> {
        if user == self.buyer_id {
            Some(crate::AuthorRole::Buyer)
        } else if user == self.seller_id {
            Some(crate::AuthorRole::Seller)
        } else {
            None
        }
    }
}
