//! The catalog: service listings (the iFreelance system). A seller (a FREELANCER) lists a
//! service — title, description, a category from a fixed set, a price, the deposit
//! percent a buyer pays up front, a delivery time or "on a date the buyer picks", a place
//! or remote, tags and image links — and pauses, resumes or archives it. Buyers browse and
//! search the active listings by keyword and filters; the orders context reads a listing
//! with [`Catalog::get`] when it is ordered and copies its price and deposit, so a price
//! change applies to new orders only.
//!
//! Listings (ACTIVE / PAUSED / ARCHIVED) move only through the transition helper, with an
//! audit row per move in `service_transitions`. Every change writes its typed event
//! ([`events`]) to the outbox in its transaction. See `docs/services.md` for the routes,
//! the rules and the search strategy on each engine.

pub mod events;
mod ids;
mod listing;
mod search;

use std::sync::Arc;

use openlance_core::Clock;
use openlance_storage::{Db, Migration};

pub use ids::ServiceId;
pub use listing::bulk;
pub use listing::{Category, Delivery, Listing, ListingChanges, ListingStatus, NewListing};
pub use search::{ServiceSearch, SortOrder};

/// The catalog service: the interface the HTTP edge and the orders context call.
#[derive(Clone)]
pub struct Catalog {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Catalog {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}

/// The migrations of the catalog context, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        id: "catalog/0001_services",
        sqlite: include_str!("../migrations/0001_services.sqlite.sql"),
        postgres: include_str!("../migrations/0001_services.postgres.sql"),
    },
    Migration::postgres_only(
        "catalog/0002_search_pending",
        include_str!("../migrations/0002_search_pending.postgres.sql"),
    ),
];
