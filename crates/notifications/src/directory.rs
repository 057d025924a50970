//! What the notifications context needs from the accounts context, declared here and
//! implemented at assembly (`crates/http/src/assembly.rs`): whom to write to, and the
//! verification and reset links minted at send time. Both are asked when an e-mail is
//! sent, so a changed name or a deleted account is respected and no link is ever stored.

use async_trait::async_trait;
use openlance_accounts::IssuedLink;
use openlance_core::id::UserId;

/// Where and how to address one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub email: String,
    pub name: String,
}

#[async_trait]
pub trait Recipients: Send + Sync + 'static {
    /// The person's address and name; `None` when the account is gone (nothing is sent).
    async fn contact(&self, user: UserId) -> Result<Option<Contact>, String>;
}

/// Mints the link of a verification or reset request.
#[async_trait]
pub trait AccountLinks: Send + Sync + 'static {
    /// The link (its raw token exists only in the e-mail); `None` when the request was used,
    /// revoked or has expired meanwhile (nothing is sent). Minting again replaces the
    /// previous link, so a retried e-mail leaves one live link.
    async fn issue_link(&self, request_id: &str) -> Result<Option<IssuedLink>, String>;
}
