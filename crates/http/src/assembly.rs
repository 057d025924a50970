//! One app assembly: `serve`, the admin commands and the test harness all build the
//! application with [`assemble`], so what the tests drive is what production runs. Callers
//! differ only in the [`Parts`] they pass (a system or manual clock, a configured or test
//! secret, a real or scripted payment provider).

use std::sync::Arc;

use async_trait::async_trait;
use openlance_accounts::{Accounts, AccountsConfig};
use openlance_cache::Cache;
use openlance_catalog::{Catalog, ListingStatus, ServiceId};
use openlance_contracts::{Contracts, ContractsConfig, NewContract, NewMilestone};
use openlance_core::Clock;
use openlance_core::id::UserId;
use openlance_jobs::{AcceptedProposal, ContractOpener, Jobs};
use openlance_notifications::{
    AccountLinks, Contact, LogMailer, Mailer, Notifications, NotificationsConfig, Recipients,
};
use openlance_orders::{
    ListingState, Listings, OrderId, OrderStatus, OrderableListing, Orders, OrdersConfig,
};
use openlance_payments::{PaymentProvider, Payments, PaymentsConfig};
use openlance_reviews::{ReviewableOrder, ReviewableOrders, Reviews, ReviewsConfig};
use openlance_storage::{Db, Tx};

use crate::{App, HttpSettings, Metrics};

/// Everything the application is built from.
pub struct Parts {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub cache: Arc<dyn Cache>,
    pub mailer: Arc<dyn Mailer>,
    pub accounts: AccountsConfig,
    pub payments: PaymentsConfig,
    pub contracts: ContractsConfig,
    pub notifications: NotificationsConfig,
    pub orders: OrdersConfig,
    pub reviews: ReviewsConfig,
    /// The payment provider; the built-in test provider when `None`.
    pub payment_provider: Option<Arc<dyn PaymentProvider>>,
    /// Opens a contract when a proposal is accepted: the contracts context when `None`
    /// (a test may hand in its own).
    pub contract_opener: Option<Arc<dyn ContractOpener>>,
    /// The listings orders are placed for: the catalog context when `None` (a test may
    /// hand in its own).
    pub listings: Option<Arc<dyn Listings>>,
    /// The orders reviews are written about: the orders context when `None` (a test may
    /// hand in its own).
    pub reviewable_orders: Option<Arc<dyn ReviewableOrders>>,
    pub http: HttpSettings,
}

impl Parts {
    /// The embedded defaults around a database, a clock and a token-signing secret:
    /// an in-memory cache, mail to the log, default payments and HTTP limits.
    pub fn new(db: Db, clock: Arc<dyn Clock>, token_secret: Vec<u8>) -> Self {
        let notifications = NotificationsConfig::new(&token_secret);
        Self {
            db,
            clock,
            cache: Arc::new(openlance_cache::MemoryCache::new(1000)),
            mailer: Arc::new(LogMailer),
            accounts: AccountsConfig::new(token_secret),
            payments: PaymentsConfig::default(),
            contracts: ContractsConfig::default(),
            notifications,
            orders: OrdersConfig::default(),
            reviews: ReviewsConfig::default(),
            payment_provider: None,
            contract_opener: None,
            listings: None,
            reviewable_orders: None,
            http: HttpSettings::default(),
        }
    }
}

/// Builds the application: every context's service over the shared database and clock.
pub fn assemble(parts: Parts) -> App {
    let accounts = Accounts::new(parts.db.clone(), parts.clock.clone(), parts.accounts);
    let mut payments = Payments::new(parts.db.clone(), parts.clock.clone(), parts.payments);
    if let Some(provider) = parts.payment_provider {
        payments = payments.with_provider(provider);
    }
    // Contracts call payments inside their own transactions (payment requests, escrow).
    let contracts = Contracts::new(
        parts.db.clone(),
        parts.clock.clone(),
        parts.contracts,
        payments.clone(),
    );
    let jobs = Jobs::new(parts.db.clone(), parts.clock.clone());
    let catalog = Catalog::new(parts.db.clone(), parts.clock.clone());
    let contract_opener = parts
        .contract_opener
        .unwrap_or_else(|| Arc::new(OpenContract(contracts.clone())));
    // Notifications ask the accounts context whom to write to and for account links.
    let directory = Arc::new(AccountsDirectory(accounts.clone()));
    let notifications = Notifications::new(
        parts.db.clone(),
        parts.clock.clone(),
        parts.notifications,
        parts.mailer.clone(),
        directory.clone(),
        directory,
    );
    // Orders read listings through the interface they declare, implemented over the catalog.
    let listings = parts
        .listings
        .unwrap_or_else(|| Arc::new(CatalogListings(catalog.clone())));
    let orders = Orders::new(
        parts.db.clone(),
        parts.clock.clone(),
        parts.orders,
        payments.clone(),
        listings,
    );
    // Reviews read orders through the interface they declare, implemented over orders.
    let reviewable_orders = parts
        .reviewable_orders
        .unwrap_or_else(|| Arc::new(OrdersForReviews(orders.clone())));
    let reviews = Reviews::new(
        parts.db.clone(),
        parts.clock.clone(),
        parts.reviews,
        reviewable_orders,
    )
    .with_rating_cache(parts.cache.clone());
    App {
        db: parts.db,
        clock: parts.clock,
        accounts,
        payments,
        contracts,
        jobs,
        catalog,
        orders,
        contract_opener,
        reviews,
        cache: parts.cache,
        mailer: parts.mailer,
        notifications,
        metrics: Metrics::default(),
        http: parts.http,
        consumers: Default::default(),
    }
}

/// Accepting a proposal (jobs) opens its contract (contracts) in the jobs transaction, through
/// the interface the jobs context declares; neither context knows the other's tables.
struct OpenContract(Contracts);

#[async_trait]
impl ContractOpener for OpenContract {
    async fn open_contract(
        &self,
        tx: &mut Tx,
        accepted: &AcceptedProposal,
    ) -> openlance_core::Result<String> {
        let contract = NewContract {
            job_id: accepted.job_id.to_string(),
            job_title: accepted.job_title.clone(),
            proposal_id: accepted.proposal_id.to_string(),
            client_id: accepted.client_id,
            freelancer_id: accepted.freelancer_id,
            milestones: accepted
                .milestones
                .iter()
                .map(|m| NewMilestone {
                    description: m.description.clone(),
                    amount: m.amount,
                    due_date: m.due_date,
                })
                .collect(),
        };
        Ok(self.0.open(tx, contract).await?.to_string())
    }
}

/// The accounts context answering the notifications context's questions (its `Recipients`
/// and `AccountLinks` interfaces): addresses and names, and links minted at send time.
struct AccountsDirectory(Accounts);

#[async_trait]
impl Recipients for AccountsDirectory {
    async fn contact(&self, user: UserId) -> Result<Option<Contact>, String> {
        match self.0.me(user).await {
            Ok(u) if !u.email.is_empty() => Ok(Some(Contact {
                email: u.email,
                name: u.name,
            })),
            Ok(_) | Err(openlance_core::DomainError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
}

#[async_trait]
impl AccountLinks for AccountsDirectory {
    async fn issue_link(
        &self,
        request_id: &str,
    ) -> Result<Option<openlance_accounts::IssuedLink>, String> {
        self.0
            .issue_account_link(request_id)
            .await
            .map_err(|e| e.to_string())
    }
}

/// Placing an order (orders) reads the listing (catalog) through the interface the orders
/// context declares; neither context knows the other's tables.
struct CatalogListings(Catalog);

#[async_trait]
impl Listings for CatalogListings {
    async fn orderable(
        &self,
        service_id: &str,
    ) -> openlance_core::Result<Option<OrderableListing>> {
        let id = ServiceId::parse(service_id)?;
        Ok(self.0.get(&id).await?.map(|l| OrderableListing {
            service_id: l.id.to_string(),
            seller_id: l.seller_id,
            title: l.title,
            price: l.price,
            deposit_percent: l.deposit_percent,
            state: match l.status {
                ListingStatus::Active => ListingState::Active,
                ListingStatus::Paused => ListingState::Paused,
                ListingStatus::Archived => ListingState::Archived,
            },
        }))
    }
}

/// Reviewing an order (reviews) reads its parties and completion (orders) through the
/// interface the reviews context declares; neither context knows the other's tables.
struct OrdersForReviews(Orders);

#[async_trait]
impl ReviewableOrders for OrdersForReviews {
    async fn reviewable(&self, order_id: &str) -> openlance_core::Result<Option<ReviewableOrder>> {
        let id = OrderId::parse(order_id)?;
        Ok(self.0.get(&id).await?.map(|o| ReviewableOrder {
            order_id: o.id.to_string(),
            service_id: o.service_id,
            buyer_id: o.buyer_id,
            seller_id: o.seller_id,
            // Only a COMPLETED order opens the review window (a refunded dispute never does).
            completed_at: o
                .completed_at
                .filter(|_| o.status == OrderStatus::Completed),
        }))
    }
}
