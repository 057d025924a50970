//! Accounts: users (clients, freelancers, admins), passwords, access and refresh tokens,
//! login throttling, email verification, password reset, and profiles.

mod auth;
pub mod bulk;
mod delete;
mod directory;
mod email;
pub mod events;
mod principal;
mod profiles;
mod text;
mod user;

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use chrono::Duration;
use openlance_core::Clock;
use openlance_core::id::UserId;
use openlance_storage::{Db, Migration};

pub use auth::account_link::IssuedLink;
pub use auth::password::Password;
pub use auth::register::{Registration, RegistrationFields};
pub use auth::session::Session;
pub use auth::{password, token};
pub use delete::DELETED_NAME;
pub use email::Email;
pub use principal::{Principal, Role};
pub use profiles::item_kinds::{Achievement, Education, Experience};
pub use profiles::items::{ItemFields, ProfileItemId};
pub use profiles::labels::LabelList;
pub use profiles::profile::ProfilePatch;
pub use profiles::public::{FreelancerBrief, MyProfile, PublicProfile};
pub use profiles::{item_kinds, items, profile};
pub use user::{User, parse_name};

/// Configuration of the accounts context.
#[derive(Clone)]
pub struct AccountsConfig {
    /// HMAC key for signing access tokens (at least 32 bytes).
    pub token_secret: Vec<u8>,
    /// Lifetime of an access token (default 15 minutes).
    pub access_token_ttl: Duration,
    /// Lifetime of a refresh token (default 30 days).
    pub refresh_token_ttl: Duration,
    /// Lifetime of an email verification token (default 24 hours).
    pub email_verification_ttl: Duration,
    /// Lifetime of a password reset token (default 1 hour).
    pub password_reset_ttl: Duration,
    /// Failed logins for one account from one client address within the window before
    /// refusing (default 5); past it each further attempt waits twice as long.
    pub max_failures_per_account_and_address: u32,
    /// The first wait at the per-account-and-address limit (default 1 minute).
    pub lockout_step: std::time::Duration,
    /// Failed logins per account from any address within the window before refusing
    /// (default 50: loose, so strangers cannot lock its owner out).
    pub max_failures_per_email: u32,
    /// Failed logins per client address within the window before refusing (default 100).
    pub max_failures_per_address: u32,
    /// Registrations, password-reset and verification requests, and reset submissions
    /// per client address within the window, each counted apart (default 20).
    pub max_requests_per_address: u32,
    /// Password hashes computed at once (default: the number of cores).
    pub max_concurrent_hashes: usize,
    /// Hash requests allowed to queue for a slot (default: 4 per slot); past it, and
    /// after `max_hash_wait`, requests are refused with 503 `overloaded`.
    pub max_queued_hashes: usize,
    /// How long a hash request waits for a slot (default 300 ms).
    pub max_hash_wait: std::time::Duration,
    /// The sliding window failures are counted over (default 15 minutes).
    pub failure_window: Duration,
    /// Extra wait added to each failed answer past the second failure (default 200 ms).
    pub failure_delay_step: std::time::Duration,
    /// Base URL of the web front end, for links in emails.
    pub public_url: String,
}

impl AccountsConfig {
    /// Configuration with the given signing secret and default lifetimes and limits.
    pub fn new(token_secret: Vec<u8>) -> Self {
        Self {
            token_secret,
            access_token_ttl: Duration::minutes(15),
            refresh_token_ttl: Duration::days(30),
            email_verification_ttl: Duration::hours(24),
            password_reset_ttl: Duration::hours(1),
            max_failures_per_account_and_address: 5,
            lockout_step: std::time::Duration::from_secs(60),
            max_failures_per_email: 50,
            max_failures_per_address: 100,
            max_requests_per_address: 20,
            max_concurrent_hashes: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_queued_hashes: 4 * std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_hash_wait: std::time::Duration::from_millis(300),
            failure_window: Duration::minutes(15),
            failure_delay_step: std::time::Duration::from_millis(200),
            public_url: "http://localhost:8080".into(),
        }
    }
}

impl std::fmt::Debug for AccountsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountsConfig")
            .field("token_secret", &"***")
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .field(
                "max_failures_per_account_and_address",
                &self.max_failures_per_account_and_address,
            )
            .field("max_failures_per_email", &self.max_failures_per_email)
            .field("max_failures_per_address", &self.max_failures_per_address)
            .field("failure_window", &self.failure_window)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// The accounts service: the interface other contexts and the HTTP edge call.
#[derive(Clone)]
pub struct Accounts {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: AccountsConfig,
    pub(crate) hashing: Arc<auth::HashingLimit>,
    /// Users deleted through this instance; their unexpired access tokens are refused here.
    deleted_users: Arc<RwLock<HashSet<UserId>>>,
}

impl Accounts {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: AccountsConfig) -> Self {
        Self {
            db,
            clock,
            hashing: Arc::new(auth::HashingLimit::new(&config)),
            config,
            deleted_users: Arc::default(),
        }
    }

    /// The most password hashes that ever ran at once in this instance (never more than
    /// `max_concurrent_hashes`).
    pub fn hashing_peak(&self) -> usize {
        self.hashing.peak()
    }

    pub(crate) fn is_locally_revoked(&self, id: UserId) -> bool {
        self.deleted_users
            .read()
            .map(|set| set.contains(&id))
            .unwrap_or(false)
    }

    pub(crate) fn revoke_locally(&self, id: UserId) {
        if let Ok(mut set) = self.deleted_users.write() {
            set.insert(id);
        }
    }
}

/// The migrations of the accounts context, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration::portable(
        "accounts/0001_users",
        include_str!("../migrations/0001_users.sql"),
    ),
    Migration::portable(
        "accounts/0002_tokens",
        include_str!("../migrations/0002_tokens.sql"),
    ),
    Migration::portable(
        "accounts/0003_login_failures_age",
        include_str!("../migrations/0003_login_failures_age.sql"),
    ),
    Migration::portable(
        "accounts/0004_throttle_scopes",
        include_str!("../migrations/0004_throttle_scopes.sql"),
    ),
    Migration::portable(
        "accounts/0005_link_requests",
        include_str!("../migrations/0005_link_requests.sql"),
    ),
];
