//! Changing a listing by its seller: any field, and pausing (ACTIVE → PAUSED) or resuming
//! (PAUSED → ACTIVE) it through the transition helper, in one transaction with its events.
//! The SQLite full-text index follows through its triggers; PostgreSQL's `search` column
//! is generated.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::transition::refused;
use openlance_core::{DomainError, Event, Result, Validator};
use openlance_storage::Tx;
use openlance_storage::transition::{self, Move};

use super::create::{delivery_days, json};
use super::{Listing, ListingChanges, ListingStatus, MACHINE, rules};
use crate::events::{ServicePaused, ServiceResumed, ServiceUpdated};
use crate::{Catalog, ServiceId};

impl Catalog {
    /// Applies `changes` to the caller's listing. Another seller's listing is a 404; an
    /// ARCHIVED one is a 409; a status other than ACTIVE or PAUSED is a 400. Asking for the
    /// status it already has changes nothing. A new price applies to new orders only.
    pub async fn update_service(
        &self,
        caller: UserId,
        id: ServiceId,
        changes: ListingChanges,
    ) -> Result<Listing> {
        let mut v = Validator::new();
        if let Some(t) = &changes.title {
            rules::check_title(&mut v, t);
        }
        if let Some(d) = &changes.description {
            rules::check_description(&mut v, d);
        }
        if let Some(p) = &changes.price {
            rules::check_price(&mut v, p);
        }
        let deposit = changes.deposit_percent.map(|p| rules::deposit(&mut v, p));
        if let Some(d) = changes.delivery {
            rules::check_delivery(&mut v, d);
        }
        let location = changes
            .location
            .as_ref()
            .map(|l| rules::clean_location(&mut v, l.as_deref()));
        let tags = changes.tags.as_ref().map(|t| rules::clean_tags(&mut v, t));
        let images = changes
            .image_links
            .as_ref()
            .map(|i| rules::clean_images(&mut v, i));
        v.check(
            changes.status != Some(ListingStatus::Archived),
            "status",
            "must be ACTIVE or PAUSED (archive a service with DELETE)",
        );
        v.finish()?;

        let mut tx = self.db.begin().await?;
        let before = super::read::owned(&mut tx, id, caller).await?;
        if before.status == ListingStatus::Archived {
            if let Some(to) = changes.status {
                return Err(refused(before.status, to));
            }
            return Err(DomainError::conflict(
                "service_archived",
                "this service is ARCHIVED; an archived service cannot be changed",
            ));
        }
        let mut after = before.clone();
        let mut changed = Vec::new();
        let mut set = |name: &'static str, differs: bool| {
            if differs {
                changed.push(name.to_string());
            }
        };
        if let Some(t) = changes.title {
            after.title = t.trim().to_string();
            set("title", after.title != before.title);
        }
        if let Some(d) = changes.description {
            after.description = d.trim().to_string();
            set("description", after.description != before.description);
        }
        if let Some(c) = changes.category {
            after.category = c;
            set("category", c != before.category);
        }
        if let Some(p) = changes.price {
            after.price = p;
            set("price", p != before.price);
        }
        if let Some(d) = deposit {
            after.deposit_percent = d;
            set("depositPercent", d != before.deposit_percent);
        }
        if let Some(d) = changes.delivery {
            after.delivery = d;
            set("delivery", d != before.delivery);
        }
        if let Some(l) = location {
            after.location = l;
            set("location", after.location != before.location);
        }
        if let Some(r) = changes.remote {
            after.remote = r;
            set("remote", r != before.remote);
        }
        if let Some(t) = tags {
            after.tags = t;
            set("tags", after.tags != before.tags);
        }
        if let Some(i) = images {
            after.image_links = i;
            set("imageLinks", after.image_links != before.image_links);
        }
        let mut v = Validator::new();
        rules::check_place(&mut v, after.location.as_deref(), after.remote);
        v.finish()?;

        let now = self.now_micros();
        let seller = caller.to_string();
        if !changed.is_empty() {
            write_fields(&mut tx, &after, now).await?;
            let updated = ServiceUpdated {
                service_id: id.to_string(),
                seller_id: seller.clone(),
                changed,
            };
            outbox::append(&mut tx, &Event::of(&updated, self.clock.now())).await?;
            after.modified_at = from_micros(now);
        }
        if let Some(to) = changes.status.filter(|s| *s != before.status) {
            self.move_to(&mut tx, &after, to, now).await?;
            after.status = to;
            after.modified_at = from_micros(now);
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Pauses or resumes `listing` through the transition helper, with its event.
    async fn move_to(
        &self,
        tx: &mut Tx,
        listing: &Listing,
        to: ListingStatus,
        now: i64,
    ) -> Result<()> {
        let id = listing.id.to_string();
        let seller = listing.seller_id.to_string();
        transition::apply(
            tx,
            &MACHINE,
            Move {
                id: &id,
                to,
                actor: Some(&seller),
                reason: None,
                at: now,
            },
        )
        .await?;
        sqlx::query("UPDATE services SET modified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(tx.conn())
            .await?;
        let at = self.clock.now();
        let (service_id, seller_id) = (id, seller);
        match to {
            ListingStatus::Paused => {
                let paused = ServicePaused {
                    service_id,
                    seller_id,
                };
                outbox::append(tx, &Event::of(&paused, at)).await
            }
            _ => {
                let resumed = ServiceResumed {
                    service_id,
                    seller_id,
                };
                outbox::append(tx, &Event::of(&resumed, at)).await
            }
        }
    }
}

/// Writes every field of `listing`, unless it was archived meanwhile (a 409).
async fn write_fields(tx: &mut Tx, listing: &Listing, now: i64) -> Result<()> {
    let done = sqlx::query(
        "UPDATE services SET title = $1, description = $2, category = $3, price_amount = $4, \
         price_currency = $5, deposit_percent = $6, delivery_days = $7, location = $8, \
         location_key = $9, remote = $10, tags = $11, tags_text = $12, image_links = $13, \
         modified_at = $14 WHERE id = $15 AND status <> 'ARCHIVED'",
    )
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
    .bind(listing.id.to_string())
    .execute(tx.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Err(DomainError::conflict(
            "service_archived",
            "this service is ARCHIVED; an archived service cannot be changed",
        ));
    }
    Ok(())
}
