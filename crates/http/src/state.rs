//! The application state every handler receives: one `Arc<App>` holding the database,
//! the clock, the context services and the pluggable parts.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use openlance_accounts::Accounts;
use openlance_cache::Cache;
use openlance_catalog::Catalog;
use openlance_contracts::Contracts;
use openlance_core::Clock;
use openlance_jobs::{ContractOpener, Jobs};
use openlance_notifications::{Mailer, Notifications};
use openlance_orders::Orders;
use openlance_payments::Payments;
use openlance_reviews::Reviews;
use openlance_storage::Db;

use crate::Metrics;

/// Limits applied to every request.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Longest a request may take before it is answered with 503.
    pub request_timeout: Duration,
    /// Take the client's address from the last `X-Forwarded-For` entry (only behind a
    /// reverse proxy that sets it).
    pub trust_forwarded_for: bool,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            trust_forwarded_for: false,
        }
    }
}

/// The application: built once by [`crate::assemble`].
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub accounts: Accounts,
    pub payments: Payments,
    pub contracts: Contracts,
    pub jobs: Jobs,
    /// Service listings (the iFreelance catalog).
    pub catalog: Catalog,
    /// Bookings of services; reads listings through the catalog.
    pub orders: Orders,
    /// Opens the contract when a proposal is accepted: the contracts context, through the
    /// interface the jobs context declares.
    pub contract_opener: Arc<dyn ContractOpener>,
    /// Reviews of completed orders; it reads orders through the interface it declares.
    pub reviews: Reviews,
    /// Hot reads (public profiles); in memory by default, Redis when scaled out.
    pub cache: Arc<dyn Cache>,
    /// Sends e-mail (to the log by default); the notifications context sends through it.
    pub mailer: Arc<dyn Mailer>,
    /// In-app notifications, e-mail delivery, preferences and unsubscribe links.
    pub notifications: Notifications,
    pub metrics: Metrics,
    pub http: HttpSettings,
    /// Which broker consumers of this instance are running (`/readyz` reports the others).
    pub consumers: openlance_bus::ConsumerHealth,
}

/// The state handed to every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}
