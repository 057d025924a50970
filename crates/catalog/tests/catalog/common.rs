//! A migrated database, a manual clock and the catalog service, plus small helpers.

use std::sync::Arc;

use openlance_catalog::{Catalog, Category, Delivery, Listing, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, ManualClock, Money};
use openlance_storage::testing::TestDb;
use openlance_storage::{Db, Row};

pub struct Harness {
    pub catalog: Catalog,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    _db: TestDb,
}

pub fn usd(amount: i64) -> Money {
    Money::new(amount, Currency::USD)
}

/// A valid listing to adjust with struct update syntax.
pub fn listing(title: &str, description: &str) -> NewListing {
    NewListing {
        title: title.into(),
        description: description.into(),
        category: Category::Other,
        price: usd(5_000),
        deposit_percent: None,
        delivery: Delivery::Days(3),
        location: None,
        remote: true,
        tags: vec![],
        image_links: vec![],
    }
}

impl Harness {
    pub async fn new() -> Self {
        let migrations = [openlance_bus::MIGRATIONS, openlance_catalog::MIGRATIONS].concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        Self {
            catalog: Catalog::new(db.clone(), clock.clone()),
            db,
            clock,
            _db: test_db,
        }
    }

    pub async fn list(&self, seller: UserId, new: NewListing) -> Listing {
        self.catalog.list_service(seller, new).await.unwrap()
    }

    /// Rows of `table` (for "nothing was written" checks).
    pub async fn count(&self, table: &str, condition: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
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
