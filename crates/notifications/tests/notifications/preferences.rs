//! Preferences and unsubscribe links: a kind turned off sends no e-mail (the app still
//! lists it); security kinds cannot be turned off; the signed link flips one kind off
//! without logging in, and a tampered, foreign or expired link does nothing.

use chrono::Duration;
use openlance_accounts::events::PasswordChanged;
use openlance_core::{DomainError, Event};
use openlance_jobs::events::ProposalReceived;
use openlance_notifications::kinds;

use super::Setup;

fn proposal(client: &str, n: usize) -> Event {
    Event::of(
        &ProposalReceived {
            proposal_id: format!("p-{n}"),
            job_id: "j-1".into(),
            client_id: client.into(),
            freelancer_id: "0190f4c2-0000-7000-8000-000000000001".into(),
        },
        chrono::Utc::now(),
    )
}

#[tokio::test]
async fn a_kind_turned_off_sends_no_email_but_stays_in_the_app() {
    let s = Setup::new().await;
    let ada = s.user("ada@example.com").await;
    let prefs = s
        .notifications
        .set_email_preferences(ada, &[("proposal_received".into(), false)])
        .await
        .unwrap();
    let off: Vec<_> = prefs
        .iter()
        .filter(|p| !p.email)
        .map(|p| p.kind.name)
        .collect();
    assert_eq!(off, ["proposal_received"]);
    s.notifications
        .record(&proposal(&ada.to_string(), 1))
        .await
        .unwrap();
    let changed = PasswordChanged {
        user_id: ada,
        email: "ada@example.com".into(),
        name: "ada".into(),
    };
    s.notifications
        .record(&Event::of(&changed, chrono::Utc::now()))
        .await
        .unwrap();
    assert_eq!(s.deliver().await, 1);
    let messages = s.smtp.wait_for(1);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].subject, "Your password was changed");
    assert_eq!(s.notifications.unread_count(ada).await.unwrap(), 2);

    // On again: the next one is e-mailed.
    s.notifications
        .set_email_preferences(ada, &[("proposal_received".into(), true)])
        .await
        .unwrap();
    s.notifications
        .record(&proposal(&ada.to_string(), 2))
        .await
        .unwrap();
    assert_eq!(s.deliver().await, 1);
}

#[tokio::test]
async fn security_kinds_cannot_be_turned_off_and_unknown_kinds_change_nothing() {
    let s = Setup::new().await;
    let ada = s.user("ada@example.com").await;
    let refused = s
        .notifications
        .set_email_preferences(
            ada,
            &[
                ("welcome".into(), false),
                ("password_changed".into(), false),
            ],
        )
        .await;
    assert!(matches!(
        refused,
        Err(DomainError::Unprocessable {
            code: "security_notification",
            ..
        })
    ));
    let unknown = s
        .notifications
        .set_email_preferences(ada, &[("welcome".into(), false), ("nope".into(), false)])
        .await;
    assert!(matches!(unknown, Err(DomainError::Validation(_))));
    let prefs = s.notifications.preferences(ada).await.unwrap();
    assert!(prefs.iter().all(|p| p.email), "nothing changed");
    assert_eq!(prefs.len(), kinds::ALL.len());
}

#[tokio::test]
async fn the_unsubscribe_link_turns_one_kind_off_and_a_bad_one_does_nothing() {
    let s = Setup::new().await;
    let ada = s.user("ada@example.com").await;
    s.notifications
        .record(&proposal(&ada.to_string(), 1))
        .await
        .unwrap();
    assert_eq!(s.deliver().await, 1);
    let messages = s.smtp.wait_for(1);
    let header = messages[0].list_unsubscribe.clone().unwrap();
    let url = header.trim_start_matches('<').trim_end_matches('>');
    let token = url.split("?token=").nth(1).unwrap();
    assert!(messages[0].text.contains(url), "the text links it too");

    let mut tampered = token.to_string();
    tampered.replace_range(0..1, if token.starts_with('0') { "1" } else { "0" });
    let other_kind = token.replacen("proposal_received", "welcome", 1);
    for bad in [tampered.as_str(), other_kind.as_str(), "", "a.b.c.d", "x"] {
        assert!(s.notifications.unsubscribe(bad).await.is_err(), "{bad}");
    }
    assert!(
        s.notifications
            .preferences(ada)
            .await
            .unwrap()
            .iter()
            .all(|p| p.email)
    );

    let link = s.notifications.unsubscribe(token).await.unwrap();
    assert_eq!((link.user, link.kind.name), (ada, "proposal_received"));
    s.notifications.unsubscribe(token).await.unwrap();
    s.notifications
        .record(&proposal(&ada.to_string(), 2))
        .await
        .unwrap();
    assert_eq!(s.deliver().await, 0, "unsubscribed");
    assert_eq!(s.notifications.unread_count(ada).await.unwrap(), 2);

    s.clock.advance(Duration::days(61));
    assert!(s.notifications.unsubscribe(token).await.is_err(), "expired");
}
