//! The consumer that turns account events into e-mail. One template per event type.
//!
//! Verification and reset events name a request, never a token: the link is minted here,
//! at send time, through [`AccountLinks`] (the accounts context's interface), so the raw
//! token exists only in the e-mail.

use std::sync::Arc;

use async_trait::async_trait;
use openlance_accounts::IssuedLink;
use openlance_accounts::events::{
    EmailVerificationRequested, PasswordResetRequested, UserRegistered,
};
use openlance_bus::Consumer;
use openlance_core::{Event, EventPayload};

use crate::{Email, Mailer};

const KINDS: [&str; 3] = [
    UserRegistered::KIND,
    EmailVerificationRequested::KIND,
    PasswordResetRequested::KIND,
];

/// Mints the link of a verification or reset request (implemented by
/// `openlance_accounts::Accounts`); `None` when the request is no longer live.
#[async_trait]
pub trait AccountLinks: Send + Sync + 'static {
    async fn issue_link(&self, request_id: &str) -> Result<Option<IssuedLink>, String>;
}

#[async_trait]
impl AccountLinks for openlance_accounts::Accounts {
    async fn issue_link(&self, request_id: &str) -> Result<Option<IssuedLink>, String> {
        self.issue_account_link(request_id)
            .await
            .map_err(|e| e.to_string())
    }
}

pub struct AccountEmails {
    mailer: Arc<dyn Mailer>,
    links: Arc<dyn AccountLinks>,
}

impl AccountEmails {
    pub fn new(mailer: Arc<dyn Mailer>, links: Arc<dyn AccountLinks>) -> Self {
        Self { mailer, links }
    }

    /// The link for a request; `None` (nothing to send) when it was used, revoked or
    /// has expired meanwhile.
    async fn link(&self, request_id: &str) -> Result<Option<IssuedLink>, String> {
        self.links.issue_link(request_id).await
    }

    /// Renders the e-mail for an account event; `None` for events that send none.
    pub async fn render(&self, event: &Event) -> Result<Option<Email>, String> {
        let decode_err = |e: openlance_core::DomainError| e.to_string();
        if let Some(p) = event.decode::<UserRegistered>().map_err(decode_err)? {
            return Ok(Some(Email {
                to: p.email,
                subject: "Welcome to Openlance".into(),
                text: format!(
                    "Hi {},\n\nyour Openlance account is ready. Post a job, list a service, or \
                     browse what others offer.\n\n— Openlance",
                    p.name
                ),
            }));
        }
        if let Some(p) = event
            .decode::<EmailVerificationRequested>()
            .map_err(decode_err)?
        {
            let Some(link) = self.link(&p.request_id).await? else {
                return Ok(None);
            };
            return Ok(Some(Email {
                to: p.email,
                subject: "Confirm your e-mail address".into(),
                text: format!(
                    "Hi {},\n\nconfirm your e-mail address with this link:\n\n{}\n\nor the code {}.\n\
                     It expires at {}. If you did not ask for this, ignore this message.\n\n— Openlance",
                    p.name,
                    link.url,
                    link.token,
                    link.expires_at.to_rfc3339(),
                ),
            }));
        }
        if let Some(p) = event
            .decode::<PasswordResetRequested>()
            .map_err(decode_err)?
        {
            let Some(link) = self.link(&p.request_id).await? else {
                return Ok(None);
            };
            return Ok(Some(Email {
                to: p.email,
                subject: "Reset your Openlance password".into(),
                text: format!(
                    "Hi {},\n\nset a new password with this link:\n\n{}\n\nor the code {}.\n\
                     It expires at {} and works once. If you did not ask for this, your password is \
                     unchanged and you can ignore this message.\n\n— Openlance",
                    p.name,
                    link.url,
                    link.token,
                    link.expires_at.to_rfc3339(),
                ),
            }));
        }
        Ok(None)
    }
}

#[async_trait]
impl Consumer for AccountEmails {
    fn name(&self) -> &'static str {
        "notifications.account_emails"
    }

    fn wants(&self, kind: &str) -> bool {
        KINDS.contains(&kind)
    }

    async fn handle(&self, event: &Event) -> Result<(), String> {
        match self.render(event).await? {
            Some(email) => self.mailer.send(&email).await,
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openlance_core::id::UserId;
    use serde_json::json;

    struct FixedLink;

    #[async_trait]
    impl AccountLinks for FixedLink {
        async fn issue_link(&self, request_id: &str) -> Result<Option<IssuedLink>, String> {
            Ok((request_id == "live").then(|| IssuedLink {
                url: "http://x/reset-password?token=tok123".into(),
                token: "tok123".into(),
                expires_at: chrono::Utc::now(),
            }))
        }
    }

    fn emails() -> AccountEmails {
        AccountEmails::new(Arc::new(crate::LogMailer), Arc::new(FixedLink))
    }

    fn reset(request_id: &str) -> Event {
        let payload = PasswordResetRequested {
            request_id: request_id.into(),
            user_id: UserId::new(),
            email: "ada@example.com".into(),
            name: "Ada".into(),
            expires_at: chrono::Utc::now(),
        };
        Event::of(&payload, chrono::Utc::now())
    }

    #[tokio::test]
    async fn a_reset_email_carries_the_link_minted_at_send_time() {
        let mail = emails().render(&reset("live")).await.unwrap().unwrap();
        assert_eq!(mail.to, "ada@example.com");
        assert_eq!(mail.subject, "Reset your Openlance password");
        assert!(mail.text.contains("http://x/reset-password?token=tok123"));
        assert!(mail.text.contains("Hi Ada"));
    }

    #[tokio::test]
    async fn a_request_no_longer_live_sends_nothing() {
        assert!(emails().render(&reset("spent")).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_payload_without_an_address_is_an_error_not_a_silent_drop() {
        let e = Event::new(
            EmailVerificationRequested::KIND,
            "u1",
            json!({"name": "Ada"}),
            chrono::Utc::now(),
        );
        assert!(emails().render(&e).await.is_err());
        let c = emails();
        assert!(c.wants("accounts.password_reset_requested"));
        assert!(!c.wants("payments.payment_request_paid"));
    }
}
