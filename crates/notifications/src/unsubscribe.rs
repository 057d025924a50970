//! Unsubscribe links: turn e-mail off for one kind without logging in. A link names the
//! person, the kind and an expiry, signed with HMAC-SHA256 under a key derived from the
//! server's token secret: `USER.KIND.EXPIRES.SIGNATURE`. Opening it shows a confirmation
//! page; a POST to it (the page's button, or a mail client's RFC 8058 one-click) turns the
//! kind off. Security kinds never get one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use sha2::Sha256;

use crate::Notifications;
use crate::kinds::{self, Kind};

type HmacSha256 = Hmac<Sha256>;

/// The route a link opens (GET shows the page, POST unsubscribes).
pub const PATH: &str = "/api/v1/notifications/unsubscribe";

/// What a valid link says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    pub user: UserId,
    pub kind: &'static Kind,
    pub expires_at: DateTime<Utc>,
}

/// The links' key: the token secret never signs anything but access tokens itself.
pub(crate) fn derive_key(token_secret: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(token_secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(b"openlance notifications: unsubscribe links");
    mac.finalize().into_bytes().to_vec()
}

fn invalid() -> DomainError {
    DomainError::invalid("token", "this unsubscribe link is not valid or has expired")
}

impl Notifications {
    fn mac(&self) -> Result<HmacSha256> {
        HmacSha256::new_from_slice(&self.config.unsubscribe_key).map_err(DomainError::internal)
    }

    /// A link turning e-mail of `kind` off for `user`, valid for the configured time.
    pub fn unsubscribe_url(&self, user: UserId, kind: &'static Kind) -> Result<String> {
        let expires = self.clock.now().timestamp() + self.config.unsubscribe_ttl.as_secs() as i64;
        let claims = format!("{user}.{}.{expires}", kind.name);
        let mut mac = self.mac()?;
        mac.update(claims.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        Ok(format!(
            "{}{PATH}?token={claims}.{signature}",
            self.config.base_url()
        ))
    }

    /// Checks a link's token: signed by this server, not expired, for a kind that can be
    /// turned off. Anything else is a 400.
    pub fn read_unsubscribe_token(&self, token: &str) -> Result<Unsubscribe> {
        let mut parts = token.trim().split('.');
        let (Some(user), Some(kind), Some(expires), Some(signature), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(invalid());
        };
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| invalid())?;
        let mut mac = self.mac()?;
        mac.update(format!("{user}.{kind}.{expires}").as_bytes());
        mac.verify_slice(&signature).map_err(|_| invalid())?;
        let expires_at = expires
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .ok_or_else(invalid)?;
        if expires_at <= self.clock.now() {
            return Err(invalid());
        }
        let kind = kinds::find(kind)
            .filter(|k| !k.security)
            .ok_or_else(invalid)?;
        Ok(Unsubscribe {
            user: UserId::parse(user).map_err(|_| invalid())?,
            kind,
            expires_at,
        })
    }

    /// Turns e-mail of the link's kind off for its person. Doing it twice is fine.
    pub async fn unsubscribe(&self, token: &str) -> Result<Unsubscribe> {
        let link = self.read_unsubscribe_token(token)?;
        self.set_email(link.user, &[(link.kind, false)]).await?;
        Ok(link)
    }
}
