//! Archiving a listing by its seller: it leaves search and can no longer be ordered or
//! changed; only its seller still sees it. Final.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Event, Result};
use openlance_storage::transition::{self, Move};

use super::{Listing, ListingStatus, MACHINE};
use crate::events::ServiceArchived;
use crate::{Catalog, ServiceId};

impl Catalog {
    /// Moves the caller's ACTIVE or PAUSED listing to ARCHIVED. Another seller's listing
    /// is a 404; an archived one is a 409 naming its state.
    pub async fn archive_service(&self, caller: UserId, id: ServiceId) -> Result<Listing> {
        let mut tx = self.db.begin().await?;
        let mut listing = super::read::owned(&mut tx, id, caller).await?;
        let seller = caller.to_string();
        let id_text = id.to_string();
        let now = self.now_micros();
        transition::apply(
            &mut tx,
            &MACHINE,
            Move {
                id: &id_text,
                to: ListingStatus::Archived,
                actor: Some(&seller),
                reason: None,
                at: now,
            },
        )
        .await?;
        sqlx::query("UPDATE services SET modified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id_text)
            .execute(tx.conn())
            .await?;
        let archived = ServiceArchived {
            service_id: id_text,
            seller_id: seller,
        };
        outbox::append(&mut tx, &Event::of(&archived, self.clock.now())).await?;
        tx.commit().await?;
        listing.status = ListingStatus::Archived;
        listing.modified_at = from_micros(now);
        Ok(listing)
    }
}
