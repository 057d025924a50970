//! The consumer that turns account events into e-mail. One template per event type.

use std::sync::Arc;

use async_trait::async_trait;
use openlance_bus::Consumer;
use openlance_core::Event;
use serde_json::Value;

use crate::{Email, Mailer};

const KINDS: [&str; 3] = [
    "accounts.user_registered",
    "accounts.email_verification_requested",
    "accounts.password_reset_requested",
];

pub struct AccountEmails {
    mailer: Arc<dyn Mailer>,
}

impl AccountEmails {
    pub fn new(mailer: Arc<dyn Mailer>) -> Self {
        Self { mailer }
    }
}

fn field<'a>(payload: &'a Value, name: &str) -> Result<&'a str, String> {
    payload[name]
        .as_str()
        .ok_or_else(|| format!("event payload lacks `{name}`"))
}

/// Renders the e-mail for an account event; `None` for events that send none.
pub fn render(event: &Event) -> Result<Option<Email>, String> {
    let p = &event.payload;
    let to = field(p, "email")?.to_string();
    let name = p["name"].as_str().unwrap_or("there");
    let email = match event.kind.as_str() {
        "accounts.user_registered" => Email {
            to,
            subject: "Welcome to Openlance".into(),
            text: format!(
                "Hi {name},\n\nyour Openlance account is ready. Post a job, list a service, or \
                 browse what others offer.\n\n— Openlance"
            ),
        },
        "accounts.email_verification_requested" => Email {
            to,
            subject: "Confirm your e-mail address".into(),
            text: format!(
                "Hi {name},\n\nconfirm your e-mail address with this link:\n\n{}\n\nor the code {}.\n\
                 It expires at {}. If you did not ask for this, ignore this message.\n\n— Openlance",
                field(p, "link")?,
                field(p, "token")?,
                p["expiresAt"].as_str().unwrap_or("soon"),
            ),
        },
        "accounts.password_reset_requested" => Email {
            to,
            subject: "Reset your Openlance password".into(),
            text: format!(
                "Hi {name},\n\nset a new password with this link:\n\n{}\n\nor the code {}.\n\
                 It expires at {} and works once. If you did not ask for this, your password is \
                 unchanged and you can ignore this message.\n\n— Openlance",
                field(p, "link")?,
                field(p, "token")?,
                p["expiresAt"].as_str().unwrap_or("soon"),
            ),
        },
        _ => return Ok(None),
    };
    Ok(Some(email))
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
        match render(event)? {
            Some(email) => self.mailer.send(&email).await,
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, payload: Value) -> Event {
        Event::new(kind, "u1", payload, chrono::Utc::now())
    }

    #[test]
    fn a_reset_email_carries_the_link_and_code() {
        let e = event(
            "accounts.password_reset_requested",
            json!({"email": "ada@example.com", "name": "Ada", "token": "tok123", "link": "http://x/reset?token=tok123", "expiresAt": "2026-11-25T10:00:00Z"}),
        );
        let mail = render(&e).unwrap().unwrap();
        assert_eq!(mail.to, "ada@example.com");
        assert_eq!(mail.subject, "Reset your Openlance password");
        assert!(mail.text.contains("http://x/reset?token=tok123") && mail.text.contains("tok123"));
        assert!(mail.text.contains("Hi Ada"));
    }

    #[test]
    fn a_payload_without_an_address_is_an_error_not_a_silent_drop() {
        let e = event(
            "accounts.email_verification_requested",
            json!({"name": "Ada"}),
        );
        assert!(render(&e).is_err());
        let c = AccountEmails::new(Arc::new(crate::LogMailer));
        assert!(c.wants("accounts.password_reset_requested"));
        assert!(!c.wants("payments.payment_request_paid"));
    }
}
