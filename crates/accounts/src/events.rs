//! The events the accounts context writes to the outbox, one payload struct per kind.
//! Consumers (the account e-mails, later search and security notices) import these and
//! read them with `event.decode::<T>()`.
//!
//! No payload carries a secret: a verification or reset event names the *request*; the
//! mailer asks [`Accounts::issue_account_link`](crate::Accounts::issue_account_link) for
//! the link when it sends the e-mail, so the raw token exists only in that e-mail.

use chrono::{DateTime, Utc};
use openlance_core::EventPayload;
use openlance_core::id::UserId;
use serde::{Deserialize, Serialize};

use crate::Role;

/// A new account; the welcome e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRegistered {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
}

impl EventPayload for UserRegistered {
    const KIND: &'static str = "accounts.user_registered";
    fn subject(&self) -> String {
        self.user_id.to_string()
    }
}

/// The account holder asked for a link to confirm their e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailVerificationRequested {
    /// Names the request; the link is minted from it at send time.
    pub request_id: String,
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub expires_at: DateTime<Utc>,
}

impl EventPayload for EmailVerificationRequested {
    const KIND: &'static str = "accounts.email_verification_requested";
    fn subject(&self) -> String {
        self.user_id.to_string()
    }
}

/// Someone asked for a password-reset link for an existing account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetRequested {
    /// Names the request; the link is minted from it at send time.
    pub request_id: String,
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub expires_at: DateTime<Utc>,
}

impl EventPayload for PasswordResetRequested {
    const KIND: &'static str = "accounts.password_reset_requested";
    fn subject(&self) -> String {
        self.user_id.to_string()
    }
}

/// The password was changed (by a reset link); every session was signed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChanged {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
}

impl EventPayload for PasswordChanged {
    const KIND: &'static str = "accounts.password_changed";
    fn subject(&self) -> String {
        self.user_id.to_string()
    }
}

/// A refresh token was presented again after use: it leaked, and its family (one
/// sign-in's sessions) was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenReplayed {
    pub user_id: UserId,
    pub family_id: String,
}

impl EventPayload for RefreshTokenReplayed {
    const KIND: &'static str = "accounts.refresh_token_replayed";
    fn subject(&self) -> String {
        self.user_id.to_string()
    }
}

/// The account was deleted; its personal data is gone, the id stays as a tombstone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDeleted {
    pub user_id: UserId,
}

impl EventPayload for UserDeleted {
    const KIND: &'static str = "accounts.user_deleted";
    fn subject(&self) -> String {
        self.user_id.to_string()
    }
}
