//! Verification and reset e-mails against the real accounts context: the raw token exists
//! only in the e-mail — never in the outbox, the notification rows or the queued e-mail —
//! works once, and a retried or redelivered e-mail leaves one live link.

use openlance_accounts::events::{EmailVerificationRequested, PasswordResetRequested};
use openlance_core::{DomainError, Event, EventPayload};
use openlance_notifications::testing::Received;

use super::Setup;

const ADA: &str = "ada@example.com";

/// The last outbox event of kind `P`, as the relay would deliver it.
async fn outbox_event<P: EventPayload>(s: &Setup) -> Event {
    let payloads = openlance_bus::outbox::payloads_of_kind(&s.db, P::KIND)
        .await
        .unwrap();
    let payload: P = serde_json::from_value(payloads.last().unwrap().clone()).unwrap();
    Event::of(&payload, chrono::Utc::now())
}

fn token(message: &Received) -> String {
    let start = message.text.find("?token=").expect("a link") + "?token=".len();
    message.text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// Everything the database holds about notifications, as text.
async fn stored(s: &Setup) -> String {
    let mut all = String::new();
    for sql in [
        "SELECT notice AS t FROM email_deliveries",
        "SELECT title || body || link AS t FROM notifications",
        "SELECT payload AS t FROM outbox",
    ] {
        for row in sqlx::query(sql).fetch_all(s.db.reader()).await.unwrap() {
            all.push_str(&sqlx::Row::try_get::<String, _>(&row, "t").unwrap());
        }
    }
    all
}

#[tokio::test]
async fn the_reset_token_is_only_in_the_email_and_works_once() {
    let s = Setup::new().await;
    s.user(ADA).await;
    s.accounts
        .request_password_reset(ADA, "10.0.0.1")
        .await
        .unwrap();
    let event = outbox_event::<PasswordResetRequested>(&s).await;
    s.notifications.record(&event).await.unwrap();
    assert_eq!(s.deliver().await, 1);
    let messages = s.smtp.wait_for(1);
    let token = token(&messages[0]);
    assert!(token.len() >= 40, "{token}");
    assert!(messages[0].text.contains(&format!("asked for it: {token}")));
    assert!(!stored(&s).await.contains(&token), "no raw token is stored");

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

    // The event again after the reset (receipt pruned): no e-mail with a dead link.
    sqlx::query("DELETE FROM consumed_events")
        .execute(s.db.writer())
        .await
        .unwrap();
    sqlx::query("DELETE FROM email_deliveries")
        .execute(s.db.writer())
        .await
        .unwrap();
    s.notifications.record(&event).await.unwrap();
    assert_eq!(s.deliver().await, 0);
    assert_eq!(s.smtp.wait_for(1).len(), 1);
}

#[tokio::test]
async fn the_verification_link_in_the_email_verifies_the_address_and_a_resend_replaces_it() {
    let s = Setup::new().await;
    let ada = s.user(ADA).await;
    s.accounts
        .request_email_verification(ada, "10.0.0.1")
        .await
        .unwrap();
    let first = outbox_event::<EmailVerificationRequested>(&s).await;
    s.notifications.record(&first).await.unwrap();
    assert_eq!(s.deliver().await, 1);
    let old = token(&s.smtp.wait_for(1)[0]);

    // The same request e-mailed again (a retried send mints a new link, replacing the old).
    sqlx::query("DELETE FROM consumed_events")
        .execute(s.db.writer())
        .await
        .unwrap();
    sqlx::query("DELETE FROM email_deliveries")
        .execute(s.db.writer())
        .await
        .unwrap();
    s.notifications.record(&first).await.unwrap();
    assert_eq!(s.deliver().await, 1);
    let messages = s.smtp.wait_for(2);
    let new = token(&messages[1]);
    assert_ne!(old, new);
    assert!(messages[1].text.contains("/verify-email?token="));
    assert!(
        s.accounts.verify_email(&old).await.is_err(),
        "the first link was replaced"
    );
    s.accounts.verify_email(&new).await.expect("verified");
    assert!(s.accounts.me(ada).await.unwrap().email_verified);
}
