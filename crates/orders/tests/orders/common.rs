//! A migrated database, a manual clock, payments with the built-in test provider, the
//! orders service over a catalog stand-in ([`TestListings`]), and helpers that walk an
//! order to any state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use openlance_core::id::UserId;
use openlance_core::{Currency, ManualClock, Money};
use openlance_orders::{
    ListingState, Listings, NewOrder, Order, OrderId, OrderStatus, OrderableListing, Orders,
    OrdersConfig, Payment, Resolution,
};
use openlance_payments::{OperationKey, Payments, PaymentsConfig, TestProvider};
use openlance_storage::testing::TestDb;
use openlance_storage::{Db, Row};

pub fn usd(amount: i64) -> Money {
    Money::new(amount, Currency::USD)
}

/// The catalog as the orders context sees it: listings set by the test.
#[derive(Default)]
pub struct TestListings(Mutex<HashMap<String, OrderableListing>>);

#[async_trait]
impl Listings for TestListings {
    async fn orderable(&self, id: &str) -> openlance_core::Result<Option<OrderableListing>> {
        Ok(self.0.lock().unwrap().get(id).cloned())
    }
}

pub struct Harness {
    pub orders: Orders,
    pub payments: Payments,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    pub listings: Arc<TestListings>,
    pub admin: UserId,
    _db: TestDb,
}

/// A listing's seller and the order's buyer.
#[derive(Clone, Copy, Debug)]
pub struct Deal {
    pub buyer: UserId,
    pub seller: UserId,
    pub order: OrderId,
}

impl Harness {
    pub async fn new() -> Self {
        Self::with_provider(TestProvider::default()).await
    }

    /// With a test provider the test keeps a handle on (to count its charges).
    pub async fn with_provider(provider: TestProvider) -> Self {
        let migrations = [
            openlance_bus::MIGRATIONS,
            openlance_payments::MIGRATIONS,
            openlance_orders::MIGRATIONS,
        ]
        .concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        let payments = Payments::new(db.clone(), clock.clone(), PaymentsConfig::default())
            .with_provider(Arc::new(provider));
        let listings = Arc::new(TestListings::default());
        let orders = Orders::new(
            db.clone(),
            clock.clone(),
            OrdersConfig::default(),
            payments.clone(),
            listings.clone(),
        );
        Self {
            orders,
            payments,
            db,
            clock,
            listings,
            admin: UserId::new(),
            _db: test_db,
        }
    }

    /// Lists a service by a fresh seller; returns its id and the seller.
    pub fn list(&self, cents: i64, deposit_percent: u8) -> (String, UserId) {
        let seller = UserId::new();
        let id = uuid::Uuid::now_v7().to_string();
        self.listings.0.lock().unwrap().insert(
            id.clone(),
            OrderableListing {
                service_id: id.clone(),
                seller_id: seller,
                title: "Walk my dog".into(),
                price: usd(cents),
                deposit_percent,
                state: ListingState::Active,
            },
        );
        (id, seller)
    }

    pub fn set_state(&self, service: &str, state: ListingState) {
        self.listings
            .0
            .lock()
            .unwrap()
            .get_mut(service)
            .unwrap()
            .state = state;
    }

    pub fn set_price(&self, service: &str, cents: i64) {
        self.listings
            .0
            .lock()
            .unwrap()
            .get_mut(service)
            .unwrap()
            .price = usd(cents);
    }

    /// A fresh buyer orders a fresh listing of `cents` with a 50% deposit.
    pub async fn requested(&self, cents: i64) -> Deal {
        let (service, seller) = self.list(cents, 50);
        let buyer = UserId::new();
        let order = self
            .orders
            .place(buyer, &service, new_order())
            .await
            .unwrap();
        Deal {
            buyer,
            seller,
            order: order.id,
        }
    }

    /// Credits `user`'s wallet with `cents` through the test card.
    pub async fn top_up(&self, user: UserId, cents: i64) {
        self.payments
            .top_up(user, usd(cents), "pm_card_visa", &OperationKey::fresh())
            .await
            .unwrap();
    }

    /// An order of `cents` walked to `status` (EXPIRED moves the clock 72 hours), its
    /// buyer's wallet funded for every payment on the way.
    pub async fn order_in(&self, status: OrderStatus, cents: i64) -> Deal {
        use OrderStatus::*;
        let d = self.requested(cents).await;
        self.top_up(d.buyer, cents).await;
        let o = &self.orders;
        match status {
            Requested => {}
            Declined => {
                o.decline(d.seller, d.order, "fully booked").await.unwrap();
            }
            Cancelled => {
                o.cancel(d.buyer, d.order, None).await.unwrap();
            }
            Expired => {
                self.clock.advance(chrono::Duration::hours(72));
                o.run_expiry_once(self.now()).await.unwrap();
            }
            _ => {
                o.accept(d.seller, d.order).await.unwrap();
            }
        }
        if matches!(
            status,
            DepositPaid | Delivered | Completed | Disputed | Refunded
        ) {
            paid(o.pay_deposit(d.buyer, d.order, None, None).await.unwrap());
        }
        if matches!(status, Delivered | Completed | Disputed | Refunded) {
            o.deliver(d.seller, d.order).await.unwrap();
        }
        match status {
            Completed => {
                paid(o.complete(d.buyer, d.order, None, None).await.unwrap());
            }
            Disputed | Refunded => {
                o.dispute(d.buyer, d.order, "not what I asked")
                    .await
                    .unwrap();
            }
            _ => {}
        }
        if status == Refunded {
            o.resolve_dispute(self.admin, true, d.order, Resolution::Refund, "refund it")
                .await
                .unwrap();
        }
        assert_eq!(self.status(&d).await, status);
        d
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        openlance_core::Clock::now(&*self.clock)
    }

    pub async fn order(&self, d: &Deal) -> Order {
        self.orders.get(&d.order).await.unwrap().unwrap()
    }

    pub async fn status(&self, d: &Deal) -> OrderStatus {
        self.order(d).await.status
    }

    /// `user`'s USD wallet: (available, in escrow as payer), in cents.
    pub async fn wallet(&self, user: UserId) -> (i64, i64) {
        self.payments
            .wallet(user)
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.currency == Currency::USD)
            .map_or((0, 0), |b| (b.available.amount, b.in_escrow.amount))
    }

    /// What the order's escrow holds, in cents.
    pub async fn escrow(&self, d: &Deal) -> i64 {
        let mut tx = self.db.begin().await.unwrap();
        let held = self
            .payments
            .escrow_balance(
                &mut tx,
                &openlance_payments::EscrowRef::Order(d.order.to_string()),
            )
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        held.map_or(0, |m| m.amount)
    }

    /// The platform's fee revenue in USD cents (what the trial balance shows).
    pub async fn fees(&self) -> i64 {
        let report = self.payments.check_ledger().await.unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        report
            .trial_balance
            .iter()
            .filter(|l| l.purpose == "fee_revenue")
            .map(|l| l.balance)
            .sum::<i64>()
            .abs()
    }

    pub async fn assert_ledger_balanced(&self) {
        let report = self.payments.check_ledger().await.unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }

    /// The kinds of the events written for the order, in order.
    pub async fn events(&self, d: &Deal) -> Vec<String> {
        sqlx::query("SELECT kind FROM outbox WHERE subject = $1 ORDER BY seq")
            .bind(d.order.to_string())
            .fetch_all(self.db.reader())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String, _>("kind").unwrap())
            .collect()
    }
}

pub fn new_order() -> NewOrder {
    NewOrder {
        requirements: "Twice a day, he is friendly".into(),
        scheduled_for: None,
    }
}

/// The order a paying action answered (panics on a pending card charge).
pub fn paid(payment: Payment) -> Order {
    match payment {
        Payment::Done(order) => *order,
        Payment::Pending { .. } => panic!("the test provider answers at once"),
    }
}
