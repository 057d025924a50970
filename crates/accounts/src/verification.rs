//! Email verification and password reset: single-use, expiring tokens stored as SHA-256
//! hashes. The raw token travels only in the outbox event a mail consumer turns into an
//! email, written in the same transaction as the token.

use chrono::Duration;
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::Tx;
use serde_json::json;
use sqlx::Row;

use crate::email::Email;
use crate::password::Password;
use crate::refresh::{self, hash_token, random_token};
use crate::{Accounts, throttle, user};

/// A kind of single-use link e-mailed to an account holder.
struct AccountLink {
    /// Stored with the token, so a reset token cannot verify an e-mail and back.
    purpose: &'static str,
    /// The page of the web front end the link opens.
    page: &'static str,
    /// The outbox event the mail consumer turns into the e-mail.
    event: &'static str,
}

const VERIFY_EMAIL: AccountLink = AccountLink {
    purpose: "verify_email",
    page: "verify-email",
    event: "accounts.email_verification_requested",
};
const RESET_PASSWORD: AccountLink = AccountLink {
    purpose: "reset_password",
    page: "reset-password",
    event: "accounts.password_reset_requested",
};

fn invalid_link() -> DomainError {
    DomainError::invalid("token", "this link is invalid, already used or expired")
}

impl Accounts {
    /// Issues a token for `link` and, in the same transaction, the event whose e-mail
    /// carries it to `user`.
    async fn email_link(
        &self,
        tx: &mut Tx,
        user: &crate::User,
        link: &AccountLink,
        ttl: Duration,
    ) -> Result<()> {
        let (token, expires) = self
            .issue_account_token(tx, user.id, link.purpose, ttl)
            .await?;
        let url = format!("{}/{}?token={token}", self.config.public_url, link.page);
        let event = Event::new(
            link.event,
            user.id,
            json!({ "userId": user.id, "email": user.email, "name": user.name,
                    "token": token, "link": url, "expiresAt": expires }),
            self.clock.now(),
        );
        openlance_bus::outbox::append(tx, &event).await
    }

    async fn issue_account_token(
        &self,
        tx: &mut Tx,
        user_id: UserId,
        purpose: &str,
        ttl: Duration,
    ) -> Result<(String, chrono::DateTime<chrono::Utc>)> {
        let now = self.clock.now();
        let raw = random_token();
        let expires = now + ttl;
        sqlx::query(
            "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_token(&raw))
        .bind(user_id.to_string())
        .bind(purpose)
        .bind(to_micros(now))
        .bind(to_micros(expires))
        .execute(tx.conn())
        .await?;
        Ok((raw, expires))
    }

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
        self.email_link(&mut tx, &stored.user, &VERIFY_EMAIL, ttl)
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
        self.email_link(&mut tx, &stored.user, &RESET_PASSWORD, ttl)
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
        user::live(tx.conn(), id).await?;
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
        tx.commit().await?;
        Ok(())
    }
}
