//! Logging in with email and password, throttled per email and per client address.

use openlance_core::{DomainError, Result};

use crate::email::Email;
use crate::session::Session;
use crate::{Accounts, password, throttle, user};

/// The one answer for a wrong email or a wrong password, so neither is revealed.
fn bad_credentials() -> DomainError {
    DomainError::Unauthenticated("the email or password is incorrect".into())
}

impl Accounts {
    /// Checks the credentials and starts a session. `client_addr` is the caller's network
    /// address, for throttling. Wrong email and wrong password answer identically, in
    /// about the same time (a dummy hash is checked when the email is unknown).
    pub async fn login(&self, email: &str, password: &str, client_addr: &str) -> Result<Session> {
        let email = Email::parse(email, "email")?;
        if password.is_empty() {
            return Err(DomainError::invalid("password", "must not be empty"));
        }
        let now = self.clock.now();
        throttle::check(&self.db, &self.config, email.as_str(), client_addr, now).await?;

        let stored = {
            let mut conn = self.db.reader().acquire().await?;
            user::find_by_email(&mut conn, &email).await?
        };
        let ok = match stored.as_ref().and_then(|u| u.password_hash.as_deref()) {
            Some(hash) => password::verify(password, hash).await?,
            None => {
                password::verify_dummy(password).await?;
                false
            }
        };
        let stored = match stored {
            Some(s) if ok && !s.deleted => s,
            _ => {
                let failures = throttle::record_failure(
                    &self.db,
                    &self.config,
                    email.as_str(),
                    client_addr,
                    now,
                )
                .await?;
                tokio::time::sleep(throttle::slowdown(&self.config, failures)).await;
                return Err(bad_credentials());
            }
        };
        throttle::clear_email(&self.db, email.as_str()).await?;
        let mut tx = self.db.begin().await?;
        let session = self.issue_session(&mut tx, stored.user, None).await?;
        tx.commit().await?;
        Ok(session)
    }
}
