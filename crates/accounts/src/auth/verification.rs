//! Email verification and password reset: single-use, expiring tokens stored as SHA-256
//! hashes, minted when the e-mail is sent (`account_link.rs`).

use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::Tx;
use sqlx::Row;

use crate::auth::account_link::{RESET_PASSWORD, VERIFY_EMAIL};
use crate::auth::password::Password;
use crate::auth::refresh::{self, hash_token};
use crate::email::Email;
use crate::events::{EmailVerificationRequested, PasswordChanged, PasswordResetRequested};
use crate::{Accounts, auth::throttle, user};

fn invalid_link() -> DomainError {
    DomainError::invalid("token", "this link is invalid, already used or expired")
}

impl Accounts {
    /// Whether a token is live (without spending it): a wrong token costs a lookup, not a
    /// password hash.
    async fn check_account_token(&self, raw: &str, purpose: &str) -> Result<()> {
        let live = sqlx::query(
            "SELECT user_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 \
             AND used_at IS NULL AND expires_at > $3",
        )
        .bind(hash_token(raw))
        .bind(purpose)
        .bind(to_micros(self.clock.now()))
        .fetch_optional(self.db.reader())
        .await?;
        match live {
            Some(_) => Ok(()),
            None => Err(invalid_link()),
        }
    }

    /// Counts a request against its per-address limit (`throttle.rs`).
    async fn throttle_request(&self, action: &str, client_addr: &str) -> Result<()> {
        let limits = throttle::request_limit(&self.config, action, client_addr);
        throttle::admit(
            &self.db,
            self.config.failure_window,
            &limits,
            self.clock.now(),
        )
        .await?;
        Ok(())
    }

    /// Marks a token used and returns its user; unknown, used or expired tokens are 400.
    async fn consume_account_token(&self, tx: &mut Tx, raw: &str, purpose: &str) -> Result<UserId> {
        let now = to_micros(self.clock.now());
        let row = sqlx::query(
            "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
             AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind(now)
        .bind(hash_token(raw))
        .bind(purpose)
        .fetch_optional(tx.conn())
        .await?;
        let row = row.ok_or_else(invalid_link)?;
        let id: String = row.try_get("user_id")?;
        UserId::parse(&id).map_err(DomainError::internal)
    }

    /// Sends (through the outbox) a link to verify the caller's email. Throttled per
    /// client address.
    pub async fn request_email_verification(&self, id: UserId, client_addr: &str) -> Result<()> {
        self.throttle_request("verify_email", client_addr).await?;
        let mut tx = self.db.begin().await?;
        let stored = user::live(tx.conn(), id).await?;
        if stored.user.email_verified {
            return Err(DomainError::conflict(
                "already_verified",
                "this email is already verified",
            ));
        }
        let ttl = self.config.email_verification_ttl;
        let user = &stored.user;
        self.request_link(&mut tx, user, &VERIFY_EMAIL, ttl, |request| {
            EmailVerificationRequested {
                request_id: request.id,
                user_id: user.id,
                email: user.email.clone(),
                name: user.name.clone(),
                expires_at: request.expires_at,
            }
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms an email with the token from the verification link.
    pub async fn verify_email(&self, token: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let id = self
            .consume_account_token(&mut tx, token, VERIFY_EMAIL.purpose)
            .await?;
        user::live(tx.conn(), id).await?;
        sqlx::query("UPDATE users SET email_verified_at = $1, updated_at = $1 WHERE id = $2")
            .bind(to_micros(self.clock.now()))
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts a password reset. Answers the same whether or not the email has an account
    /// (the caller always gets 202); only existing accounts get an event and a token.
    /// Returns whether events were written, so the edge can wake the relay.
    pub async fn request_password_reset(&self, email: &str, client_addr: &str) -> Result<bool> {
        let email = Email::parse(email, "email")?;
        self.throttle_request("password_reset", client_addr).await?;
        let mut tx = self.db.begin().await?;
        let Some(stored) = user::find_by_email(tx.conn(), &email).await? else {
            return Ok(false);
        };
        if stored.deleted {
            return Ok(false);
        }
        let ttl = self.config.password_reset_ttl;
        let user = &stored.user;
        self.request_link(&mut tx, user, &RESET_PASSWORD, ttl, |request| {
            PasswordResetRequested {
                request_id: request.id,
                user_id: user.id,
                email: user.email.clone(),
                name: user.name.clone(),
                expires_at: request.expires_at,
            }
        })
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Sets a new password with the token from the reset link, and revokes every refresh
    /// token and every other reset link of the account (all devices must sign in again).
    /// Serialised with refresh and logout on the account (`user::lock`). Throttled per client
    /// address; the token is checked before the (costly) hash of the new password.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client_addr: &str,
    ) -> Result<()> {
        let new_password = Password::parse(new_password, "newPassword")?;
        self.throttle_request("reset_password", client_addr).await?;
        self.check_account_token(token, RESET_PASSWORD.purpose)
            .await?;
        let hash = self.hashing.hash(new_password.expose()).await?;
        let mut tx = self.db.begin().await?;
        let id = self
            .consume_account_token(&mut tx, token, RESET_PASSWORD.purpose)
            .await?;
        user::lock(&mut tx, id).await?;
        let stored = user::live(tx.conn(), id).await?;
        let now = self.clock.now();
        user::set_password_hash(tx.conn(), id, &hash, now).await?;
        refresh::revoke_all(tx.conn(), id, now).await?;
        // Any other reset link still in a mailbox stops working too.
        sqlx::query(
            "UPDATE account_tokens SET used_at = $1 \
             WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(to_micros(now))
        .bind(id.to_string())
        .bind(RESET_PASSWORD.purpose)
        .execute(tx.conn())
        .await?;
        let changed = PasswordChanged {
            user_id: id,
            email: stored.user.email,
            name: stored.user.name,
        };
        openlance_bus::outbox::append(&mut tx, &Event::of(&changed, now)).await?;
        tx.commit().await?;
        Ok(())
    }
}
