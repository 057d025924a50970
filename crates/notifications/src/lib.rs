//! Notifications: every step of both journeys tells the people involved, in the app and by
//! e-mail, exactly once.
//!
//! - The [`table`] says, for each event kind, who is told, which [`kinds`] of notification
//!   it is, what it says and where it links.
//! - The consumer ([`Notifications::consumer`]) writes, in one transaction per event, the
//!   in-app rows and one e-mail row per recipient, keyed unique by (event, recipient) and
//!   together with the event's receipt: a redelivered event adds nothing.
//! - The delivery worker ([`Notifications::run_deliveries_once`]) sends due e-mails with no
//!   transaction open, retries with exponential backoff and gives up after
//!   `max_attempts` (an admin lists and retries those); rows are claimed with
//!   `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several instances send each message once.
//! - E-mail goes through a [`Mailer`]: the log by default, SMTP by URL ([`mailer_for_url`]).
//! - People choose per kind whether they get e-mail ([`preferences`]), also through a signed
//!   unsubscribe link that needs no login ([`unsubscribe`]); security kinds are always sent.
//!
//! No secret is stored: a verification or reset link is minted when its e-mail is sent.

mod consumer;
pub mod delivery;
mod directory;
pub mod email;
pub mod in_app;
pub mod kinds;
mod notice;
pub mod preferences;
pub mod table;
pub mod testing;
pub mod unsubscribe;

use std::sync::Arc;
use std::time::Duration;

use openlance_core::Clock;
use openlance_storage::{Db, Migration};
use tokio::sync::Notify;

pub use directory::{AccountLinks, Contact, Recipients};
pub use email::{Email, LogMailer, MailUrlError, Mailer, SmtpMailer, mailer_for_url};
pub use kinds::Kind;
pub use notice::{Content, Notice};

/// The migrations of the notifications context.
pub const MIGRATIONS: &[Migration] = &[Migration::portable(
    "notifications/0001_notifications",
    include_str!("../migrations/0001_notifications.sql"),
)];

/// Settings of the notifications context.
#[derive(Clone)]
pub struct NotificationsConfig {
    /// The marketplace's name, in e-mails.
    pub marketplace_name: String,
    /// Where people reach the marketplace: links in e-mails start with it.
    pub public_url: String,
    /// `Name <address>` e-mails are sent from.
    pub mail_from: String,
    /// Key of the unsubscribe links' signatures (derived from the token secret).
    pub unsubscribe_key: Vec<u8>,
    /// How long an unsubscribe link works.
    pub unsubscribe_ttl: Duration,
    /// Attempts to send one e-mail before it is given up (dead-lettered).
    pub max_attempts: u32,
    /// Wait after the first failed attempt; doubles per attempt up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// How long a worker holds the e-mails it claimed before another may take them: longer
    /// than one send may take (the SMTP timeout is 30 s).
    pub lease: Duration,
    /// E-mails claimed (and sent concurrently) per round.
    pub batch: i64,
}

impl NotificationsConfig {
    /// Defaults around the server's token secret, from which the unsubscribe key is derived
    /// (so a leaked unsubscribe key could never sign an access token).
    pub fn new(token_secret: &[u8]) -> Self {
        Self {
            marketplace_name: "Openlance".into(),
            public_url: "http://localhost:8080".into(),
            mail_from: "Openlance <no-reply@localhost>".into(),
            unsubscribe_key: unsubscribe::derive_key(token_secret),
            unsubscribe_ttl: Duration::from_secs(60 * 24 * 3600),
            max_attempts: 10,
            base_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(3600),
            lease: Duration::from_secs(120),
            batch: 16,
        }
    }

    /// The public URL without a trailing slash.
    pub(crate) fn base_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}

impl std::fmt::Debug for NotificationsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotificationsConfig")
            .field("marketplace_name", &self.marketplace_name)
            .field("public_url", &self.public_url)
            .field("mail_from", &self.mail_from)
            .field("unsubscribe_key", &"***")
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

/// The notifications service: the consumer, the delivery worker, the in-app list, the
/// preferences and the unsubscribe links.
#[derive(Clone)]
pub struct Notifications {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: Arc<NotificationsConfig>,
    pub(crate) mailer: Arc<dyn Mailer>,
    pub(crate) recipients: Arc<dyn Recipients>,
    pub(crate) links: Arc<dyn AccountLinks>,
    /// Rung when the consumer committed e-mails to send, so the worker starts at once.
    pub(crate) queued: Arc<Notify>,
}

impl Notifications {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        config: NotificationsConfig,
        mailer: Arc<dyn Mailer>,
        recipients: Arc<dyn Recipients>,
        links: Arc<dyn AccountLinks>,
    ) -> Self {
        Self {
            db,
            clock,
            config: Arc::new(config),
            mailer,
            recipients,
            links,
            queued: Arc::new(Notify::new()),
        }
    }

    pub fn config(&self) -> &NotificationsConfig {
        &self.config
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}
