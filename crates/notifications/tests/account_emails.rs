//! The account e-mails against the real accounts context: the raw token of a reset or
//! verification link exists only in the e-mail — never in the outbox — and works once;
//! a redelivered event leaves one live link.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use openlance_accounts::events::{EmailVerificationRequested, PasswordResetRequested};
use openlance_accounts::{Accounts, AccountsConfig, Role};
use openlance_bus::Consumer;
use openlance_core::{DomainError, Event, EventPayload, ManualClock};
use openlance_notifications::{AccountEmails, Email, Mailer};
use openlance_storage::testing::TestDb;

#[derive(Default)]
struct RecordingMailer(Mutex<Vec<Email>>);

#[async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, email: &Email) -> Result<(), String> {
        self.0.lock().unwrap().push(email.clone());
        Ok(())
    }
}

struct Setup {
    _db: TestDb,
    db: openlance_storage::Db,
    accounts: Accounts,
    mailer: Arc<RecordingMailer>,
    emails: AccountEmails,
}

async fn setup() -> Setup {
    let migrations = [openlance_bus::MIGRATIONS, openlance_accounts::MIGRATIONS].concat();
    let test_db = TestDb::new(&migrations).await;
    let db = test_db.db.clone();
    let accounts = Accounts::new(
        db.clone(),
        Arc::new(ManualClock::default()),
        AccountsConfig::new(b"test-secret-test-secret-test-secret!!".to_vec()),
    );
    accounts
        .create_user(
            "ada@example.com",
            "correct horse battery staple",
            "Ada",
            &[Role::Client],
        )
        .await
        .unwrap();
    let mailer = Arc::new(RecordingMailer::default());
    let emails = AccountEmails::new(mailer.clone(), Arc::new(accounts.clone()));
    Setup {
        _db: test_db,
        db,
        accounts,
        mailer,
        emails,
    }
}

/// The events of `kind` in the outbox, as the relay would deliver them.
async fn outbox_events<P: EventPayload>(db: &openlance_storage::Db) -> Vec<(Event, String)> {
    let payloads = openlance_bus::outbox::payloads_of_kind(db, P::KIND)
        .await
        .unwrap();
    payloads
        .into_iter()
        .map(|p| {
            let text = p.to_string();
            (Event::new(P::KIND, "subject", p, chrono::Utc::now()), text)
        })
        .collect()
}

/// The token in the last e-mail sent.
fn token_in_last_email(mailer: &RecordingMailer) -> String {
    let sent = mailer.0.lock().unwrap();
    let text = &sent.last().expect("an e-mail").text;
    let start = text.find("?token=").expect("a link") + "?token=".len();
    text[start..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn the_reset_token_is_only_in_the_email_and_works_once() {
    let s = setup().await;
    assert!(
        s.accounts
            .request_password_reset("ada@example.com", "10.0.0.1")
            .await
            .unwrap()
    );
    let events = outbox_events::<PasswordResetRequested>(&s.db).await;
    assert_eq!(events.len(), 1);
    let (event, outbox_text) = &events[0];
    s.emails.handle(event).await.unwrap();
    let token = token_in_last_email(&s.mailer);
    assert!(token.len() >= 40, "{token}");
    assert!(!outbox_text.contains(&token), "the outbox holds no token");
    assert!(!outbox_text.contains("token"), "{outbox_text}");

    let all_outbox = openlance_bus::outbox::payloads_of_kind(&s.db, PasswordResetRequested::KIND)
        .await
        .unwrap();
    assert!(!format!("{all_outbox:?}").contains(&token));

    s.accounts
        .reset_password(&token, "a brand new passphrase", "10.0.0.1")
        .await
        .expect("the e-mailed link works");
    let again = s
        .accounts
        .reset_password(&token, "yet another passphrase", "10.0.0.1")
        .await;
    assert!(
        matches!(again, Err(DomainError::Validation(_))),
        "only once"
    );
    // Delivering the event again after the reset mints nothing: no e-mail with a dead link.
    let sent = s.mailer.0.lock().unwrap().len();
    s.emails.handle(event).await.unwrap();
    assert_eq!(s.mailer.0.lock().unwrap().len(), sent);
}

#[tokio::test]
async fn a_redelivered_event_leaves_one_live_link() {
    let s = setup().await;
    s.accounts
        .request_password_reset("ada@example.com", "10.0.0.1")
        .await
        .unwrap();
    let (event, _) = outbox_events::<PasswordResetRequested>(&s.db)
        .await
        .remove(0);
    s.emails.handle(&event).await.unwrap();
    let first = token_in_last_email(&s.mailer);
    s.emails.handle(&event).await.unwrap();
    let second = token_in_last_email(&s.mailer);
    assert_ne!(first, second);
    let old = s
        .accounts
        .reset_password(&first, "a brand new passphrase", "10.0.0.1")
        .await;
    assert!(old.is_err(), "the first e-mail's link was replaced");
    s.accounts
        .reset_password(&second, "a brand new passphrase", "10.0.0.1")
        .await
        .expect("the newest link works");
}

#[tokio::test]
async fn the_verification_link_in_the_email_verifies_the_address() {
    let s = setup().await;
    let session = s
        .accounts
        .login(
            "ada@example.com",
            "correct horse battery staple",
            "10.0.0.1",
        )
        .await
        .unwrap();
    s.accounts
        .request_email_verification(session.user.id, "10.0.0.1")
        .await
        .unwrap();
    let (event, outbox_text) = outbox_events::<EmailVerificationRequested>(&s.db)
        .await
        .remove(0);
    s.emails.handle(&event).await.unwrap();
    let token = token_in_last_email(&s.mailer);
    assert!(!outbox_text.contains(&token));
    assert!(
        s.mailer.0.lock().unwrap()[0]
            .text
            .contains("/verify-email?token=")
    );
    s.accounts.verify_email(&token).await.expect("verified");
    assert!(s.accounts.me(session.user.id).await.unwrap().email_verified);
    assert!(s.accounts.verify_email(&token).await.is_err(), "only once");
}
