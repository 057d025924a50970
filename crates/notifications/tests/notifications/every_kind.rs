//! Every event kind in the table, recorded and sent through a real SMTP server: each
//! message reaches the right person (and nobody else) with its subject, a link back to the
//! object under the public URL, both parts and a stable Message-ID; the kinds that can be
//! turned off carry the one-click unsubscribe headers, security messages do not.

use openlance_accounts::Role;
use openlance_accounts::events::{
    EmailVerificationRequested, PasswordChanged, PasswordResetRequested, RefreshTokenReplayed,
    UserRegistered,
};
use openlance_core::{Event, EventPayload};
use openlance_payments::events::{TopUpSucceeded, WithdrawalFailed, WithdrawalSucceeded};

mod orders;
mod work;

use super::{PUBLIC_URL, Setup};

const CLIENT: &str = "client@example.com";
const FREELANCER: &str = "freelancer@example.com";

/// One expected message: to whom, its subject, the path it links to, a security message.
pub struct Expect {
    to: &'static str,
    subject: String,
    link: String,
    security: bool,
}

pub fn expect(to: &'static str, subject: impl Into<String>, link: impl Into<String>) -> Expect {
    Expect {
        to,
        subject: subject.into(),
        link: link.into(),
        security: false,
    }
}

fn security(to: &'static str, subject: &str, link: &str) -> Expect {
    Expect {
        security: true,
        ..expect(to, subject, link)
    }
}

/// The last outbox event of kind `P`, as the relay would deliver it.
async fn from_outbox<P: EventPayload>(s: &Setup) -> P {
    let payloads = openlance_bus::outbox::payloads_of_kind(&s.db, P::KIND)
        .await
        .unwrap();
    serde_json::from_value(payloads.last().unwrap().clone()).unwrap()
}

#[tokio::test]
async fn every_event_kind_reaches_the_right_person_with_its_subject_and_link() {
    let s = Setup::new().await;
    let client = s.user(CLIENT).await;
    let freelancer = s.user(FREELANCER).await;
    let (c, f) = (client.to_string(), freelancer.to_string());
    let usd = |amount: i64, user: &str| {
        (
            format!("op-{amount}"),
            user.to_string(),
            amount,
            "USD".to_string(),
        )
    };

    // The account-link events come from the real accounts context (their requests exist).
    s.accounts
        .request_password_reset(CLIENT, "10.0.0.1")
        .await
        .unwrap();
    let reset: PasswordResetRequested = from_outbox(&s).await;
    s.accounts
        .request_email_verification(freelancer, "10.0.0.1")
        .await
        .unwrap();
    let verify: EmailVerificationRequested = from_outbox(&s).await;

    let (op, user, amount, currency) = usd(2500, &c);
    let top_up = TopUpSucceeded {
        operation_id: op,
        user_id: user,
        amount,
        currency,
    };
    let (op, user, amount, currency) = usd(1000, &f);
    let withdrawn = WithdrawalSucceeded {
        operation_id: op,
        user_id: user,
        amount,
        currency,
    };
    let (op, user, amount, currency) = usd(700, &f);
    let refused = WithdrawalFailed {
        operation_id: op,
        user_id: user,
        amount,
        currency,
    };
    let cases: Vec<(Event, Vec<Expect>)> = vec![
        (
            ev(&UserRegistered {
                user_id: client,
                email: CLIENT.into(),
                name: "client".into(),
                roles: vec![Role::Client],
            }),
            vec![expect(CLIENT, "Welcome to Gigmarket", "/")],
        ),
        (
            ev(&reset),
            vec![security(
                CLIENT,
                "Reset your password",
                "/reset-password?token=",
            )],
        ),
        (
            ev(&verify),
            vec![security(
                FREELANCER,
                "Confirm your e-mail address",
                "/verify-email?token=",
            )],
        ),
        (
            ev(&PasswordChanged {
                user_id: client,
                email: CLIENT.into(),
                name: "client".into(),
            }),
            vec![security(
                CLIENT,
                "Your password was changed",
                "/forgot-password",
            )],
        ),
        (
            ev(&RefreshTokenReplayed {
                user_id: freelancer,
                family_id: "fam".into(),
            }),
            vec![security(
                FREELANCER,
                "We signed out a session of yours",
                "/forgot-password",
            )],
        ),
        (
            ev(&top_up),
            vec![expect(
                CLIENT,
                "Receipt: 25.00 USD added to your wallet",
                "/wallet",
            )],
        ),
        (
            ev(&withdrawn),
            vec![expect(
                FREELANCER,
                "Receipt: 10.00 USD withdrawn",
                "/wallet",
            )],
        ),
        (
            ev(&refused),
            vec![expect(
                FREELANCER,
                "Your withdrawal of 7.00 USD failed",
                "/wallet",
            )],
        ),
    ];

    let mut cases = cases;
    cases.extend(work::cases(&c, &f));
    cases.extend(orders::cases(&c, &f));

    // The table has an entry for every kind tested here, and nothing untested.
    let mut tested: Vec<_> = cases.iter().map(|(e, _)| e.kind.as_str()).collect();
    let mut table = openlance_notifications::table::event_kinds();
    tested.sort_unstable();
    table.sort_unstable();
    assert_eq!(tested, table);

    for (event, _) in &cases {
        assert!(
            s.notifications.record(event).await.unwrap(),
            "{}",
            event.kind
        );
    }
    let total: usize = cases.iter().map(|(_, e)| e.len()).sum();
    assert_eq!(s.deliver().await, total);
    let messages = s.smtp.wait_for(total);
    assert_eq!(messages.len(), total, "{messages:#?}");

    for (event, expected) in &cases {
        for e in expected {
            let for_person: Vec<_> = messages
                .iter()
                .filter(|m| m.to.contains(e.to) && m.subject == e.subject)
                .collect();
            assert_eq!(
                for_person.len(),
                1,
                "{} → {}: {}",
                event.kind,
                e.to,
                e.subject
            );
            let m = for_person[0];
            let link = format!("{PUBLIC_URL}{}", e.link);
            assert!(
                m.text.contains(&link),
                "{}: text lacks {link}:\n{}",
                event.kind,
                m.text
            );
            assert!(m.html.contains(&link), "{}: HTML lacks {link}", event.kind);
            assert!(m.from.contains("no-reply@market.example"), "{}", m.from);
            assert!(
                m.message_id.contains(&event.id.to_string()),
                "{}",
                m.message_id
            );
            if e.security {
                assert!(
                    m.list_unsubscribe.is_none(),
                    "{}: a security message",
                    event.kind
                );
            } else {
                let unsubscribe = m.list_unsubscribe.as_deref().unwrap_or_default();
                assert!(
                    unsubscribe.starts_with(&format!(
                        "<{PUBLIC_URL}/api/v1/notifications/unsubscribe?token="
                    )),
                    "{}: {unsubscribe}",
                    event.kind
                );
                assert_eq!(
                    m.list_unsubscribe_post.as_deref(),
                    Some("List-Unsubscribe=One-Click")
                );
            }
        }
    }
    // The greeting names the person; the client's message is not the freelancer's.
    let welcome = messages
        .iter()
        .find(|m| m.subject == "Welcome to Gigmarket")
        .unwrap();
    assert!(welcome.text.starts_with("Hi client,"), "{}", welcome.text);
    let changes = messages
        .iter()
        .find(|m| m.subject == "Changes requested on a milestone")
        .unwrap();
    assert!(changes.text.contains("“bigger logo”"), "{}", changes.text);
}

pub fn ev<P: EventPayload>(payload: &P) -> Event {
    Event::of(payload, chrono::Utc::now())
}
