//! What the orders context needs of the catalog: a listing as it can be ordered now.
//! Declared here and implemented at assembly over the catalog's service, so the orders
//! crate depends on nothing of the catalog (and neither reads the other's tables).

use async_trait::async_trait;
use openlance_core::id::UserId;
use openlance_core::{Money, Result};

/// The catalog's side of placing an order.
#[async_trait]
pub trait Listings: Send + Sync {
    /// The listing `service_id` as it stands now, or `None` when there is no such
    /// listing. A malformed id is a validation error (400).
    async fn orderable(&self, service_id: &str) -> Result<Option<OrderableListing>>;
}

/// A listing as an order copies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderableListing {
    pub service_id: String,
    pub seller_id: UserId,
    pub title: String,
    pub price: Money,
    /// The share of the price paid up front, 0 to 100.
    pub deposit_percent: u8,
    pub state: ListingState,
}

/// Whether a listing takes orders: only an active one does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListingState {
    Active,
    Paused,
    Archived,
}

impl ListingState {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Paused => "PAUSED",
            Self::Archived => "ARCHIVED",
        }
    }
}
