//! An SMTP server that is down loses nothing: the e-mails wait with backoff and arrive once
//! when it returns. One that never returns in time dead-letters the e-mail, which an admin
//! retries.

use chrono::Duration;
use openlance_core::Event;
use openlance_notifications::delivery::dead::RetryError;
use openlance_payments::events::TopUpSucceeded;

use super::Setup;

fn top_up(user: &str, cents: i64) -> Event {
    Event::of(
        &TopUpSucceeded {
            operation_id: format!("op-{cents}"),
            user_id: user.into(),
            amount: cents,
            currency: "USD".into(),
        },
        chrono::Utc::now(),
    )
}

#[tokio::test]
async fn emails_queued_while_smtp_is_down_arrive_once_when_it_returns() {
    let mut s = Setup::new().await;
    let ada = s.user("ada@example.com").await.to_string();
    s.smtp.stop();
    for cents in [100, 200, 300] {
        s.notifications.record(&top_up(&ada, cents)).await.unwrap();
    }
    assert_eq!(s.deliver().await, 0);
    assert_eq!(s.notifications.pending_emails().await.unwrap(), 3);
    s.clock.advance(Duration::seconds(2));
    assert_eq!(s.deliver().await, 0, "still down at the second attempt");

    s.smtp.resume();
    assert_eq!(
        s.deliver().await,
        0,
        "the next attempt waits for its backoff"
    );
    s.clock.advance(Duration::seconds(2));
    assert_eq!(s.deliver().await, 3);
    s.clock.advance(Duration::hours(1));
    assert_eq!(s.deliver().await, 0);
    let messages = s.smtp.wait_for(3);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert_eq!(s.notifications.pending_emails().await.unwrap(), 0);
    assert!(s.notifications.dead_emails().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_email_failing_every_attempt_is_dead_lettered_and_an_admin_retry_sends_it() {
    let mut s = Setup::new().await;
    let ada = s.user("ada@example.com").await.to_string();
    s.smtp.stop();
    s.notifications.record(&top_up(&ada, 500)).await.unwrap();
    for _ in 0..4 {
        assert_eq!(s.deliver().await, 0);
        s.clock.advance(Duration::hours(2));
    }
    assert_eq!(s.notifications.pending_emails().await.unwrap(), 0);
    let dead = s.notifications.dead_emails().await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].attempts, 4);
    assert_eq!(dead[0].kind, "top_up_receipt");
    assert!(
        dead[0].last_error.contains("SMTP"),
        "{}",
        dead[0].last_error
    );

    let again = s.notifications.retry_dead_email(&dead[0].id).await;
    assert!(
        matches!(again, Err(RetryError::FailedAgain(_))),
        "{again:?}"
    );
    assert_eq!(s.notifications.dead_emails().await.unwrap().len(), 1);

    s.smtp.resume();
    s.notifications.retry_dead_email(&dead[0].id).await.unwrap();
    assert!(s.notifications.dead_emails().await.unwrap().is_empty());
    let gone = s.notifications.retry_dead_email(&dead[0].id).await;
    assert!(matches!(gone, Err(RetryError::NotFound(_))), "{gone:?}");
    assert_eq!(s.deliver().await, 0);
    let messages = s.smtp.wait_for(1);
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0].subject,
        "Receipt: 5.00 USD added to your wallet"
    );
}
