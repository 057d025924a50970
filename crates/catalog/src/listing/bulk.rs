//! Bulk loading of listings for `openlance seed`: many listings in a few multi-row
//! statements, checked by the same rules as a listed service and stored exactly as
//! `list_service` stores them (derived location and tag columns, the full-text index
//! kept by the engine, an audit row for each paused listing). No events are written:
//! nobody is notified of seeded listings.

use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_storage::bulk::{self, PastMove};
use openlance_storage::{Backend, Db, Tx};

use super::create::{delivery_days, json};
use super::rules;
use super::{ListingStatus, MACHINE, NewListing};
use crate::ServiceId;

/// A listing as the seeder makes it: a listed service and where it stands now.
#[derive(Clone, Debug)]
pub struct SeedListing {
    pub seller: UserId,
    pub listing: NewListing,
    pub listed_at: DateTime<Utc>,
    /// `Some` for a listing its seller paused, and when.
    pub paused_at: Option<DateTime<Utc>>,
}

const COLUMNS: [&str; 18] = [
    "id",
    "seller_id",
    "title",
    "description",
    "category",
    "price_amount",
    "price_currency",
    "deposit_percent",
    "delivery_days",
    "location",
    "location_key",
    "remote",
    "tags",
    "tags_text",
    "image_links",
    "status",
    "created_at",
    "modified_at",
];

/// A checked listing with its derived columns, ready to bind.
struct Row {
    id: ServiceId,
    seeded: SeedListing,
    deposit_percent: u8,
    location: Option<String>,
    tags_json: String,
    tags_text: String,
    images_json: String,
}

/// Inserts `listings` in `tx`, in order (give them in listing order, so that a newer
/// listing gets a larger `seq`). Returns their ids, in the same order.
pub async fn insert_listings(tx: &mut Tx, listings: Vec<SeedListing>) -> Result<Vec<ServiceId>> {
    let mut rows = Vec::with_capacity(listings.len());
    let mut paused = Vec::new();
    for seeded in listings {
        let rules::CheckedListing {
            deposit_percent,
            location,
            tags,
            image_links: images,
        } = rules::check_new(&seeded.listing)?;
        let id = ServiceId(bulk::id_at(to_micros(seeded.listed_at)));
        if let Some(at) = seeded.paused_at {
            paused.push(PastMove {
                id: id.to_string(),
                from: ListingStatus::Active,
                to: ListingStatus::Paused,
                actor: Some(seeded.seller.to_string()),
                reason: None,
                at: to_micros(at),
            });
        }
        rows.push(Row {
            id,
            deposit_percent,
            location,
            tags_json: json(&tags)?,
            tags_text: tags.join(" "),
            images_json: json(&images)?,
            seeded,
        });
    }
    let ids = rows.iter().map(|r| r.id).collect();
    bulk::insert(tx, "services", &COLUMNS, rows, |q, row| {
        let SeedListing {
            seller,
            listing,
            listed_at,
            paused_at,
        } = row.seeded;
        let status = match paused_at {
            Some(_) => ListingStatus::Paused,
            None => ListingStatus::Active,
        };
        let listed = to_micros(listed_at);
        let location_key = row.location.as_deref().map(str::to_lowercase);
        q.bind(row.id.to_string())
            .bind(seller.to_string())
            .bind(listing.title.trim().to_string())
            .bind(listing.description.trim().to_string())
            .bind(listing.category.as_str())
            .bind(listing.price.amount)
            .bind(listing.price.currency.code().to_string())
            .bind(i64::from(row.deposit_percent))
            .bind(delivery_days(listing.delivery))
            .bind(row.location)
            .bind(location_key)
            .bind(i64::from(listing.remote))
            .bind(row.tags_json)
            .bind(row.tags_text)
            .bind(row.images_json)
            .bind(status.as_str())
            .bind(listed)
            .bind(paused_at.map_or(listed, to_micros))
    })
    .await?;
    bulk::insert_moves(tx, &MACHINE, paused).await?;
    Ok(ids)
}

/// Merges the full-text index after a bulk load (SQLite; see the jobs context's).
pub async fn optimize_index(db: &Db) -> Result<()> {
    if db.backend() == Backend::Sqlite {
        sqlx::query("INSERT INTO services_fts (services_fts) VALUES ('optimize')")
            .execute(db.writer())
            .await?;
    }
    Ok(())
}
