//! Notifications. Today: e-mail for account events (verification, password reset,
//! welcome), rendered from the events the accounts context writes to the outbox and sent
//! through a [`Mailer`]. The embedded default's mailer writes each message to the log; SMTP,
//! per-user preferences and in-app notifications come with the notifications issue behind
//! the same trait.

mod account_emails;
mod mailer;

pub use account_emails::{AccountEmails, AccountLinks};
pub use mailer::{Email, LogMailer, Mailer};
