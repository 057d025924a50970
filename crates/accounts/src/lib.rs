//! Accounts: users (clients, freelancers, admins), passwords, access and refresh tokens,
//! login throttling, email verification, password reset, and profiles.

mod principal;

use std::sync::Arc;

use openlance_core::{Clock, DomainError, Result};
use openlance_storage::Db;

pub use principal::{Principal, Role};

/// Configuration of the accounts context.
#[derive(Clone)]
pub struct AccountsConfig {
    /// HMAC key for signing access tokens (at least 32 bytes).
    pub token_secret: Vec<u8>,
}

impl AccountsConfig {
    /// Configuration with the given signing secret and default lifetimes and limits.
    pub fn new(token_secret: Vec<u8>) -> Self {
        Self { token_secret }
    }
}

impl std::fmt::Debug for AccountsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountsConfig")
            .field("token_secret", &"***")
            .finish()
    }
}

/// The accounts service: the interface other contexts and the HTTP edge call.
#[derive(Clone)]
pub struct Accounts {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: AccountsConfig,
}

impl Accounts {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: AccountsConfig) -> Self {
        Self { db, clock, config }
    }

    /// Who is calling: verifies a bearer access token (signature, expiry) and returns
    /// the caller. Any invalid token is `DomainError::Unauthenticated`.
    pub fn authenticate(&self, bearer: &str) -> Result<Principal> {
        let _ = (&self.db, &self.clock, &self.config, bearer);
        Err(DomainError::Unauthenticated(
            "token verification is not built yet".into(),
        ))
    }
}

impl Accounts {
    /// Creates a user from the command line (`openlance admin create-user`); the only way
    /// to make an admin. Validates like registration.
    pub async fn create_user(
        &self,
        email: &str,
        password: &str,
        name: &str,
        roles: &[Role],
    ) -> Result<openlance_core::id::UserId> {
        let _ = (email, password, name, roles);
        Err(DomainError::Internal(
            "user creation is not built yet".into(),
        ))
    }
}

/// The migrations of the accounts context, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[];
