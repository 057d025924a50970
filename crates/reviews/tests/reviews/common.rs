//! A migrated database, a manual clock, a book of test orders standing in for the orders
//! context, and the reviews service over them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{Duration, SubsecRound};
use openlance_cache::MemoryCache;
use openlance_core::id::UserId;
use openlance_core::{Clock, ManualClock, Result};
use openlance_reviews::{
    NewReview, Review, ReviewableOrder, ReviewableOrders, Reviews, ReviewsConfig,
};
use openlance_storage::testing::TestDb;
use openlance_storage::{Db, Row};

/// The orders the test has "completed", by id.
#[derive(Default)]
pub struct OrderBook(Mutex<HashMap<String, ReviewableOrder>>);

#[async_trait]
impl ReviewableOrders for OrderBook {
    async fn reviewable(&self, order_id: &str) -> Result<Option<ReviewableOrder>> {
        Ok(self.0.lock().unwrap().get(order_id).cloned())
    }
}

pub struct Harness {
    pub reviews: Reviews,
    pub orders: Arc<OrderBook>,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    _db: TestDb,
}

/// An order between a buyer and a seller on a listing.
#[derive(Clone, Debug)]
pub struct Deal {
    pub order: String,
    pub service: String,
    pub buyer: UserId,
    pub seller: UserId,
}

pub fn stars(rating: i64, text: &str) -> NewReview {
    NewReview {
        rating,
        text: Some(text.to_string()),
    }
}

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

impl Harness {
    pub async fn new() -> Self {
        let migrations = [openlance_bus::MIGRATIONS, openlance_reviews::MIGRATIONS].concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        // Whole microseconds, as the database stores instants.
        let clock = Arc::new(ManualClock::new(chrono::Utc::now().trunc_subsecs(6)));
        let orders = Arc::new(OrderBook::default());
        let reviews = Reviews::new(
            db.clone(),
            clock.clone(),
            ReviewsConfig::default(),
            orders.clone(),
        )
        // As the application runs it: every rating read below goes through the cache, so
        // the tests that move the clock or add a review also check that it never serves
        // a rating that changed.
        .with_rating_cache(Arc::new(MemoryCache::new(1000)));
        Self {
            reviews,
            orders,
            db,
            clock,
            _db: test_db,
        }
    }

    /// A COMPLETED order (completed now) between a fresh buyer and `seller` on `service`.
    pub fn completed(&self, service: &str, seller: UserId) -> Deal {
        let deal = Deal {
            order: uuid::Uuid::now_v7().to_string(),
            service: service.to_string(),
            buyer: UserId::new(),
            seller,
        };
        self.put(&deal, true);
        deal
    }

    /// A COMPLETED order between fresh users on a fresh listing.
    pub fn deal(&self) -> Deal {
        self.completed(&uuid::Uuid::now_v7().to_string(), UserId::new())
    }

    /// Records the order as the orders context would report it.
    pub fn put(&self, deal: &Deal, completed: bool) {
        let order = ReviewableOrder {
            order_id: deal.order.clone(),
            service_id: deal.service.clone(),
            buyer_id: deal.buyer,
            seller_id: deal.seller,
            completed_at: completed.then(|| self.clock.now()),
        };
        self.orders
            .0
            .lock()
            .unwrap()
            .insert(deal.order.clone(), order);
    }

    pub async fn review(&self, author: UserId, deal: &Deal, rating: i64) -> Review {
        self.reviews
            .submit(author, &deal.order, stars(rating, "fine work"))
            .await
            .unwrap()
    }

    /// The ids of the reviews `who` sees on the order, in order.
    pub async fn seen_by(&self, who: UserId, deal: &Deal) -> Vec<UserId> {
        let seen = self.reviews.order_reviews(who, &deal.order).await.unwrap();
        seen.reviews.iter().map(|r| r.author_id).collect()
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"
        )))
        .fetch_one(self.db.reader())
        .await
        .unwrap();
        row.try_get("n").unwrap()
    }

    /// Kinds of the events in the outbox, oldest first.
    pub async fn event_kinds(&self) -> Vec<String> {
        let rows = sqlx::query("SELECT kind FROM outbox ORDER BY seq")
            .fetch_all(self.db.reader())
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get("kind").unwrap()).collect()
    }
}
