//! The notifications context against a real database (SQLite, or PostgreSQL with
//! `OPENLANCE_TEST_DATABASE_URL`), the real accounts context and a real SMTP server
//! (aiosmtpd, started per test): every event kind reaches the right person, once, across
//! redeliveries, SMTP outages and several instances; preferences and unsubscribe links
//! are respected; no secret is stored.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

mod account_links;
mod brokers;
mod every_kind;
mod in_app;
mod once;
mod outage;
mod preferences;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use openlance_accounts::{Accounts, AccountsConfig, IssuedLink, Role};
use openlance_core::id::UserId;
use openlance_core::{Clock, Event, EventPayload, ManualClock};
use openlance_notifications::testing::SmtpServer;
use openlance_notifications::{
    AccountLinks, Contact, Mailer, Notifications, NotificationsConfig, Recipients, mailer_for_url,
};
use openlance_storage::Db;
use openlance_storage::testing::TestDb;

const SECRET: &[u8] = b"test-secret-test-secret-test-secret!!";
pub const PUBLIC_URL: &str = "https://market.example";

/// The accounts context answering the notifications context, as the assembly does.
#[derive(Clone)]
pub struct Directory(pub Accounts);

#[async_trait]
impl Recipients for Directory {
    async fn contact(&self, user: UserId) -> Result<Option<Contact>, String> {
        match self.0.me(user).await {
            Ok(u) => Ok(Some(Contact {
                email: u.email,
                name: u.name,
            })),
            Err(openlance_core::DomainError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
}

#[async_trait]
impl AccountLinks for Directory {
    async fn issue_link(&self, request_id: &str) -> Result<Option<IssuedLink>, String> {
        self.0
            .issue_account_link(request_id)
            .await
            .map_err(|e| e.to_string())
    }
}

pub struct Setup {
    pub _db: TestDb,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    pub accounts: Accounts,
    pub smtp: SmtpServer,
    pub notifications: Notifications,
}

pub fn config() -> NotificationsConfig {
    let mut config = NotificationsConfig::new(SECRET);
    config.public_url = PUBLIC_URL.into();
    config.marketplace_name = "Gigmarket".into();
    config.mail_from = "Gigmarket <no-reply@market.example>".into();
    config.base_backoff = Duration::from_secs(1);
    config.max_attempts = 4;
    config
}

impl Setup {
    pub async fn new() -> Self {
        let migrations = [
            openlance_bus::MIGRATIONS,
            openlance_accounts::MIGRATIONS,
            openlance_notifications::MIGRATIONS,
        ]
        .concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        let mut accounts_config = AccountsConfig::new(SECRET.to_vec());
        accounts_config.public_url = PUBLIC_URL.into();
        let accounts = Accounts::new(db.clone(), clock.clone(), accounts_config);
        let smtp = SmtpServer::start();
        let notifications = Self::instance(&db, &clock, &accounts, &smtp);
        Self {
            _db: test_db,
            db,
            clock,
            accounts,
            smtp,
            notifications,
        }
    }

    /// Another instance of the context over the same database and SMTP server.
    pub fn instance(
        db: &Db,
        clock: &Arc<ManualClock>,
        accounts: &Accounts,
        smtp: &SmtpServer,
    ) -> Notifications {
        let mailer: Arc<dyn Mailer> = mailer_for_url(&smtp.url()).unwrap();
        let directory = Arc::new(Directory(accounts.clone()));
        Notifications::new(
            db.clone(),
            clock.clone(),
            config(),
            mailer,
            directory.clone(),
            directory,
        )
    }

    /// A user (created without the registration throttle), named after the address.
    pub async fn user(&self, email: &str) -> UserId {
        let name = email.split('@').next().unwrap();
        self.accounts
            .create_user(email, "correct horse battery staple", name, &[Role::Client])
            .await
            .unwrap()
    }

    /// The test clock's now, plus `secs` seconds (to date events apart).
    pub fn clock_now_plus(&self, secs: i64) -> chrono::DateTime<chrono::Utc> {
        self.clock.now() + chrono::Duration::seconds(secs)
    }

    /// Records `event` as the bus would hand it over.
    pub async fn record<P: EventPayload>(&self, payload: &P) -> Event {
        let event = Event::of(payload, self.clock.now());
        assert!(self.notifications.record(&event).await.unwrap());
        event
    }

    /// Runs the delivery worker until nothing is due now; returns how many were sent.
    pub async fn deliver(&self) -> usize {
        let mut sent = 0;
        loop {
            let n = self
                .notifications
                .run_deliveries_once(self.clock.now())
                .await
                .unwrap();
            sent += n;
            if n == 0 {
                return sent;
            }
        }
    }
}

/// The one message sent to `to`, failing if there are none or several.
pub fn only_message_to<'a>(
    messages: &'a [openlance_notifications::testing::Received],
    to: &str,
) -> &'a openlance_notifications::testing::Received {
    let found: Vec<_> = messages.iter().filter(|m| m.to.contains(to)).collect();
    assert_eq!(found.len(), 1, "messages to {to}: {found:#?}");
    found[0]
}
