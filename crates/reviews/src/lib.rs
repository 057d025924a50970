//! Reviews: after an order is COMPLETED its buyer and its seller may each review the
//! other once (1 to 5 stars and an optional text) within the review window (14 days by
//! default). Reviews are double-blind, as on Airbnb and Sharetribe: neither party sees the
//! other's review until both have written theirs or the window has closed. The person
//! reviewed may reply once to a review about them once it is visible.
//!
//! The rule is stored, not computed at read time: each review carries `visible_from` (the
//! end of the window, moved to "now" for both reviews when the second arrives), so every
//! read — the parties' view of an order, the public lists, the seller's and the listing's
//! ratings — is the indexed condition `visible_from <= now`.
//!
//! The orders context is reached only through [`ReviewableOrders`], which this crate
//! declares and the application assembly implements. Every write sends its typed event
//! ([`events`]) through the outbox in its transaction. See the "Reviews" section of
//! `docs/orders.md`.

pub mod events;
mod ids;
mod model;
mod orders;
mod rating;
mod read;
mod reply;
mod submit;

use std::sync::Arc;
use std::time::Duration;

use openlance_cache::Cache;
use openlance_core::Clock;
use openlance_storage::{Db, Migration};

pub use ids::ReviewId;
pub use model::{AuthorRole, NewReview, Review};
pub use orders::{ReviewableOrder, ReviewableOrders};
pub use rating::Rating;
pub use read::OrderReviews;

/// Configuration of the reviews context.
#[derive(Clone, Debug)]
pub struct ReviewsConfig {
    /// How long after an order's completion its parties may review it; also when unmatched
    /// reviews become visible.
    pub window: Duration,
}

impl Default for ReviewsConfig {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(14 * 24 * 60 * 60),
        }
    }
}

/// The reviews service: the interface the HTTP edge calls.
#[derive(Clone)]
pub struct Reviews {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: ReviewsConfig,
    pub(crate) orders: Arc<dyn ReviewableOrders>,
    /// Where listings' and sellers' ratings are cached, if anywhere (see [`rating`]).
    pub(crate) rating_cache: Option<Arc<dyn Cache>>,
}

impl Reviews {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        config: ReviewsConfig,
        orders: Arc<dyn ReviewableOrders>,
    ) -> Self {
        Self {
            db,
            clock,
            config,
            orders,
            rating_cache: None,
        }
    }

    /// Caches the ratings of listings and sellers in `cache`: a listing's page then reads
    /// them without a query while they stay exact.
    pub fn with_rating_cache(mut self, cache: Arc<dyn Cache>) -> Self {
        self.rating_cache = Some(cache);
        self
    }

    pub fn config(&self) -> &ReviewsConfig {
        &self.config
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }

    /// The window in microseconds (saturating: a huge setting means "never closes").
    pub(crate) fn window_micros(&self) -> i64 {
        i64::try_from(self.config.window.as_micros()).unwrap_or(i64::MAX)
    }
}

/// The migrations of the reviews context, in order.
pub const MIGRATIONS: &[Migration] = &[Migration::portable(
    "reviews/0001_reviews",
    include_str!("../migrations/0001_reviews.sql"),
)];
