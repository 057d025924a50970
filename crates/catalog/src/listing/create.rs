//! Listing a service.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::Row;

use super::rules;
use super::{Delivery, Listing, ListingStatus, NewListing};
use crate::events::ServiceListed;
use crate::{Catalog, ServiceId};

impl Catalog {
    /// Lists an ACTIVE service sold by `seller` (the caller's FREELANCER role is checked
    /// at the edge).
    pub async fn list_service(&self, seller: UserId, new: NewListing) -> Result<Listing> {
        let rules::CheckedListing {
            deposit_percent,
            location,
            tags,
            image_links,
        } = rules::check_new(&new)?;
        let now = self.now_micros();
        let listing = Listing {
            id: ServiceId::new(),
            seq: 0,
            seller_id: seller,
            title: new.title.trim().to_string(),
            description: new.description.trim().to_string(),
            category: new.category,
            price: new.price,
            deposit_percent,
            delivery: new.delivery,
            location,
            remote: new.remote,
            tags,
            image_links,
            status: ListingStatus::Active,
            created_at: from_micros(now),
            modified_at: from_micros(now),
        };
        let mut tx = self.db.begin().await?;
        let row = sqlx::query(
            "INSERT INTO services (id, seller_id, title, description, category, price_amount, \
             price_currency, deposit_percent, delivery_days, location, location_key, remote, \
             tags, tags_text, image_links, status, created_at, modified_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'ACTIVE', \
             $16, $16) RETURNING seq",
        )
        .bind(listing.id.to_string())
        .bind(seller.to_string())
        .bind(&listing.title)
        .bind(&listing.description)
        .bind(listing.category.as_str())
        .bind(listing.price.amount)
        .bind(listing.price.currency.code().to_string())
        .bind(i64::from(listing.deposit_percent))
        .bind(delivery_days(listing.delivery))
        .bind(listing.location.as_deref())
        .bind(listing.location.as_deref().map(str::to_lowercase))
        .bind(i64::from(listing.remote))
        .bind(json(&listing.tags)?)
        .bind(listing.tags.join(" "))
        .bind(json(&listing.image_links)?)
        .bind(now)
        .fetch_one(tx.conn())
        .await?;
        let listing = Listing {
            seq: row.try_get("seq")?,
            ..listing
        };
        let listed = ServiceListed {
            service_id: listing.id.to_string(),
            seller_id: seller.to_string(),
            title: listing.title.clone(),
            category: listing.category.as_str().to_string(),
        };
        outbox::append(&mut tx, &Event::of(&listed, self.clock.now())).await?;
        tx.commit().await?;
        Ok(listing)
    }
}

/// The stored `delivery_days`: NULL for "on a date the buyer picks".
pub(crate) fn delivery_days(delivery: Delivery) -> Option<i64> {
    match delivery {
        Delivery::Days(d) => Some(i64::from(d)),
        Delivery::OnDate => None,
    }
}

pub(crate) fn json(items: &[String]) -> Result<String> {
    serde_json::to_string(items).map_err(DomainError::internal)
}
