//! The JSON of a listing: what the routes answer, and the delivery shape they also read.

use chrono::{DateTime, Utc};
use openlance_accounts::PublicProfile;
use openlance_catalog::{Category, Delivery, Listing, ListingStatus};
use openlance_core::{DomainError, Money, Page};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// When the seller delivers: `{"days": 3}` (within 3 days of the deposit, 1..=365) or
/// `{"onDate": true}` (on the date the buyer picks when ordering). Exactly one of the two.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeliveryJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 365, example = 3)]
    pub days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_date: Option<bool>,
}

impl DeliveryJson {
    pub fn to_delivery(&self) -> Result<Delivery, DomainError> {
        match (self.days, self.on_date) {
            (Some(days), None | Some(false)) => Delivery::in_days(days),
            (None, Some(true)) => Ok(Delivery::OnDate),
            _ => Err(DomainError::invalid(
                "delivery",
                "give either {\"days\": 1..365} or {\"onDate\": true}",
            )),
        }
    }
}

impl From<Delivery> for DeliveryJson {
    fn from(d: Delivery) -> Self {
        match d {
            Delivery::Days(days) => Self {
                days: Some(i64::from(days)),
                on_date: None,
            },
            Delivery::OnDate => Self {
                days: None,
                on_date: Some(true),
            },
        }
    }
}

/// A service listing.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    pub id: String,
    pub seller_id: String,
    pub title: String,
    pub description: String,
    pub category: Category,
    /// The price of one order. Orders copy it: a change applies to new orders only.
    pub price: Money,
    /// The share of the price paid up front and held in escrow, 1..=100.
    pub deposit_percent: u8,
    pub delivery: DeliveryJson,
    /// The city or area where it is given in person, if any.
    pub location: Option<String>,
    /// Whether it is (also) given remotely.
    pub remote: bool,
    pub tags: Vec<String>,
    pub image_links: Vec<String>,
    pub status: ListingStatus,
    /// Whether it can be ordered now (only ACTIVE listings can).
    pub orderable: bool,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
}

impl From<Listing> for ServiceView {
    fn from(l: Listing) -> Self {
        Self {
            orderable: l.orderable(),
            id: l.id.to_string(),
            seller_id: l.seller_id.to_string(),
            title: l.title,
            description: l.description,
            category: l.category,
            price: l.price,
            deposit_percent: l.deposit_percent,
            delivery: l.delivery.into(),
            location: l.location,
            remote: l.remote,
            tags: l.tags,
            image_links: l.image_links,
            status: l.status,
            created_at: l.created_at,
            modified_at: l.modified_at,
        }
    }
}

/// A listing with its seller's public profile.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub service: ServiceView,
    /// The seller's public profile (as `GET /api/v1/users/{sellerId}` answers it); null
    /// when the seller's account no longer exists.
    #[schema(value_type = Option<PublicProfile>)]
    pub seller: Option<serde_json::Value>,
}

/// One page of listings.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServicePage {
    pub items: Vec<ServiceView>,
    /// Pass back as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl From<Page<Listing>> for ServicePage {
    fn from(p: Page<Listing>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        }
    }
}
