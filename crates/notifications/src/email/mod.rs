//! Where e-mail goes: the [`Mailer`] trait, the embedded default that writes messages to
//! the log, SMTP ([`smtp`]), and the choice between them by URL ([`mailer_for_url`]).

mod render;
pub mod smtp;

use std::sync::Arc;

use async_trait::async_trait;

pub(crate) use render::{Letter, render};
pub use smtp::{MailUrlError, SmtpMailer};

/// A rendered message, ready to hand to a transport. Its `Debug` leaves the body out: a
/// reset link is in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Email {
    /// `Name <address>` the message is from.
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    /// The HTML alternative of `text`.
    pub html: Option<String>,
    /// `<…@…>`, the same for every attempt to send one notice to one person, so a receiving
    /// server or client can drop a copy.
    pub message_id: Option<String>,
    /// The one-click unsubscribe URL (RFC 8058): sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. Security messages have none.
    pub list_unsubscribe: Option<String>,
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Email")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("message_id", &self.message_id)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Hands the message over; `Err` (what the transport said, never the message) means it
    /// was not accepted and will be tried again.
    async fn send(&self, email: &Email) -> Result<(), String>;
}

/// Writes every message to the log (target `openlance::mail`), so a developer can follow
/// the verification and reset links without a mail server: on a developer's machine the
/// log is the mailbox, so it shows the whole text.
#[derive(Debug, Default)]
pub struct LogMailer;

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, email: &Email) -> Result<(), String> {
        tracing::info!(target: "openlance::mail", to = %email.to, subject = %email.subject,
            message_id = email.message_id.as_deref().unwrap_or("-"), "\n{}", email.text);
        Ok(())
    }
}

/// The mailer a `mail_url` names: `log:` (or nothing) for the log, `smtp://…` or
/// `smtps://…` for an SMTP server (see [`smtp::SmtpSettings::parse`]).
pub fn mailer_for_url(url: &str) -> Result<Arc<dyn Mailer>, MailUrlError> {
    let url = url.trim();
    if url.is_empty() || url == "log:" {
        return Ok(Arc::new(LogMailer));
    }
    Ok(Arc::new(SmtpMailer::new(smtp::SmtpSettings::parse(url)?)?))
}
