//! Single-use links e-mailed to an account holder (verify the e-mail, reset the
//! password). A request stores a row without a usable token and writes an event naming
//! the request; the mailer mints the token when it sends the e-mail
//! ([`Accounts::issue_account_link`]), storing only its hash. So the raw token never
//! sits in the outbox, the broker or the log — only in the e-mail — and a redelivered
//! event replaces the request's token instead of adding a second live one.

use chrono::{DateTime, Duration, Utc};
use openlance_core::time::{from_micros, to_micros};
use openlance_core::{DomainError, Event, EventPayload, Result};
use openlance_storage::Tx;
use sqlx::Row;

use crate::auth::refresh::{hash_token, random_token};
use crate::{Accounts, User};

/// A kind of single-use link.
pub(crate) struct LinkKind {
    /// Stored with the token, so a reset token cannot verify an e-mail and back.
    pub purpose: &'static str,
    /// The page of the web front end the link opens.
    pub page: &'static str,
}

pub(crate) const VERIFY_EMAIL: LinkKind = LinkKind {
    purpose: "verify_email",
    page: "verify-email",
};
pub(crate) const RESET_PASSWORD: LinkKind = LinkKind {
    purpose: "reset_password",
    page: "reset-password",
};

/// A link minted for an e-mail: the only place its raw token ever appears.
#[derive(Clone)]
pub struct IssuedLink {
    /// The page to open, with the token in its query.
    pub url: String,
    /// The raw token, for clients that type it in.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for IssuedLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedLink")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A request for a link, as stored: its id goes into the event.
pub(crate) struct LinkRequest {
    pub id: String,
    pub expires_at: DateTime<Utc>,
}

/// The placeholder stored until the token is minted: not a SHA-256 hex digest, so no
/// presented token can ever match it.
fn unissued(request_id: &str) -> String {
    format!("unissued:{request_id}")
}

impl Accounts {
    /// Records a request for a `kind` link for `user`, and in the same transaction the
    /// event (built by `event` from the request) that asks for the e-mail.
    pub(crate) async fn request_link<P: EventPayload>(
        &self,
        tx: &mut Tx,
        user: &User,
        kind: &LinkKind,
        ttl: Duration,
        event: impl FnOnce(LinkRequest) -> P,
    ) -> Result<()> {
        let now = self.clock.now();
        let request = LinkRequest {
            id: uuid::Uuid::now_v7().to_string(),
            expires_at: now + ttl,
        };
        sqlx::query(
            "INSERT INTO account_tokens \
             (token_hash, request_id, user_id, purpose, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(unissued(&request.id))
        .bind(&request.id)
        .bind(user.id.to_string())
        .bind(kind.purpose)
        .bind(to_micros(now))
        .bind(to_micros(request.expires_at))
        .execute(tx.conn())
        .await?;
        let event = Event::of(&event(request), now);
        openlance_bus::outbox::append(tx, &event).await
    }

    /// Mints the token of a verification or reset request, for the e-mail about to be
    /// sent, replacing any token minted for it before (a redelivered event leaves one
    /// live link, the newest). `None` when the request was used, revoked (a later reset,
    /// a deleted account) or has expired: there is nothing to send.
    pub async fn issue_account_link(&self, request_id: &str) -> Result<Option<IssuedLink>> {
        let raw = random_token();
        let now = to_micros(self.clock.now());
        let mut tx = self.db.begin().await?;
        let row = sqlx::query(
            "UPDATE account_tokens SET token_hash = $1 \
             WHERE request_id = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING purpose, expires_at",
        )
        .bind(hash_token(&raw))
        .bind(request_id)
        .bind(now)
        .fetch_optional(tx.conn())
        .await?;
        tx.commit().await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let purpose: String = row.try_get("purpose")?;
        let page = [VERIFY_EMAIL, RESET_PASSWORD]
            .into_iter()
            .find(|k| k.purpose == purpose)
            .map(|k| k.page)
            .ok_or_else(|| DomainError::internal(format!("unknown link purpose {purpose}")))?;
        Ok(Some(IssuedLink {
            url: format!("{}/{page}?token={raw}", self.config.public_url),
            token: raw,
            expires_at: from_micros(row.try_get("expires_at")?),
        }))
    }
}
