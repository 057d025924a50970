//! Logging in with email and password, throttled per account and address, per account,
//! and per address (`throttle.rs`).

use openlance_core::{DomainError, Result};

use crate::auth::session::Session;
use crate::email::Email;
use crate::{Accounts, auth::throttle, user};

/// The one answer for a wrong email or a wrong password, so neither is revealed.
fn bad_credentials() -> DomainError {
    DomainError::Unauthenticated("the email or password is incorrect".into())
}

impl Accounts {
    /// Checks the credentials and starts a session. `client_addr` is the caller's network
    /// address, for throttling. Wrong email and wrong password answer identically, in
    /// about the same time (a dummy hash is checked when the email is unknown).
    ///
    /// The attempt is counted before the password is checked (and taken back when it was
    /// right), so concurrent guesses cannot slip past the limit together.
    pub async fn login(&self, email: &str, password: &str, client_addr: &str) -> Result<Session> {
        let email = Email::parse(email, "email")?;
        if password.is_empty() {
            return Err(DomainError::invalid("password", "must not be empty"));
        }
        let now = self.clock.now();
        let limits = throttle::login_limits(&self.config, email.as_str(), client_addr);
        let attempt = throttle::admit(&self.db, self.config.failure_window, &limits, now).await?;

        let checked = self.check_password(&email, password).await;
        let stored = match checked {
            Ok(Some(stored)) => stored,
            Ok(None) => {
                let failures = attempt.first_scope_count;
                tokio::time::sleep(throttle::slowdown(&self.config, failures)).await;
                return Err(bad_credentials());
            }
            Err(e) => {
                // Not checked (e.g. the hashing limit is full): it does not count.
                attempt.withdraw(&self.db).await?;
                return Err(e);
            }
        };
        attempt.withdraw(&self.db).await?;
        throttle::clear_account(&self.db, email.as_str(), client_addr).await?;
        let mut tx = self.db.begin().await?;
        let session = self.issue_session(&mut tx, stored.user, None).await?;
        tx.commit().await?;
        Ok(session)
    }

    /// The live account whose password this is; `None` for a wrong password, an unknown
    /// email or a deleted account.
    async fn check_password(
        &self,
        email: &Email,
        password: &str,
    ) -> Result<Option<user::StoredUser>> {
        let stored = {
            let mut conn = self.db.reader().acquire().await?;
            user::find_by_email(&mut conn, email).await?
        };
        let ok = match stored.as_ref().and_then(|u| u.password_hash.as_deref()) {
            Some(hash) => self.hashing.verify(password, hash).await?,
            None => {
                self.hashing.verify_dummy(password).await?;
                false
            }
        };
        Ok(stored.filter(|s| ok && !s.deleted))
    }
}
