//! One app assembly: `serve`, the admin commands and the test harness all build the
//! application with [`assemble`], so what the tests drive is what production runs. Callers
//! differ only in the [`Parts`] they pass (a system or manual clock, a configured or test
//! secret, a real or scripted payment provider).

use std::sync::Arc;

use openlance_accounts::{Accounts, AccountsConfig};
use openlance_cache::Cache;
use openlance_contracts::{Contracts, ContractsConfig};
use openlance_core::Clock;
use openlance_notifications::{LogMailer, Mailer};
use openlance_payments::{PaymentProvider, Payments, PaymentsConfig};
use openlance_storage::Db;

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
    /// The payment provider; the built-in test provider when `None`.
    pub payment_provider: Option<Arc<dyn PaymentProvider>>,
    pub http: HttpSettings,
}

impl Parts {
    /// The embedded defaults around a database, a clock and a token-signing secret:
    /// an in-memory cache, mail to the log, default payments and HTTP limits.
    pub fn new(db: Db, clock: Arc<dyn Clock>, token_secret: Vec<u8>) -> Self {
        Self {
            db,
            clock,
            cache: Arc::new(openlance_cache::MemoryCache::new(1000)),
            mailer: Arc::new(LogMailer),
            accounts: AccountsConfig::new(token_secret),
            payments: PaymentsConfig::default(),
            contracts: ContractsConfig::default(),
            payment_provider: None,
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
    App {
        db: parts.db,
        clock: parts.clock,
        accounts,
        payments,
        contracts,
        cache: parts.cache,
        mailer: parts.mailer,
        metrics: Metrics::default(),
        http: parts.http,
        consumers: Default::default(),
    }
}
