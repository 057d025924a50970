//! Where e-mail goes: a trait, and the embedded default that writes messages to the log.

use async_trait::async_trait;

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, email: &Email) -> Result<(), String>;
}

/// Writes every message to the log (target `openlance::mail`), so a developer can follow
/// the verification and reset links without a mail server.
#[derive(Debug, Default)]
pub struct LogMailer;

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, email: &Email) -> Result<(), String> {
        tracing::info!(target: "openlance::mail", to = %email.to, subject = %email.subject, "\n{}", email.text);
        Ok(())
    }
}
