//! Exactly once: a redelivered event (same id) sends nothing new, even after its receipt
//! is gone; two instances recording the same events and sending at the same time send
//! each message once.

use futures_util::future::join_all;
use openlance_core::{Clock, Event};
use openlance_jobs::events::ProposalReceived;

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
async fn a_redelivered_event_sends_nothing_new() {
    let s = Setup::new().await;
    let client = s.user("client@example.com").await;
    let event = proposal(&client.to_string(), 1);
    assert!(s.notifications.record(&event).await.unwrap());
    assert!(
        !s.notifications.record(&event).await.unwrap(),
        "its receipt says done"
    );
    // Through the bus's delivery step, as a broker redelivery arrives.
    let consumer = s.notifications.consumer();
    openlance_bus::deliver(&s.db, s.clock.as_ref(), consumer.as_ref(), &event, 8)
        .await
        .unwrap();
    assert_eq!(s.deliver().await, 1);
    // Its receipt pruned (after days), the event comes again: the rows' keys hold.
    sqlx::query("DELETE FROM consumed_events")
        .execute(s.db.writer())
        .await
        .unwrap();
    assert!(s.notifications.record(&event).await.unwrap());
    assert_eq!(s.deliver().await, 0);
    assert_eq!(s.smtp.wait_for(1).len(), 1);
    let inbox = s.notifications.inbox(client, None, 20).await.unwrap();
    assert_eq!((inbox.page.items.len(), inbox.unread), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_send_each_message_once() {
    let s = Setup::new().await;
    let other = Setup::instance(&s.db, &s.clock, &s.accounts, &s.smtp);
    let clients = [
        s.user("a@example.com").await,
        s.user("b@example.com").await,
        s.user("c@example.com").await,
    ];
    let events: Vec<Event> = (0..24)
        .map(|n| proposal(&clients[n % 3].to_string(), n))
        .collect();
    // Both instances get every event at once (a redelivery race): one records it.
    let recorded = join_all(events.iter().map(|e| async {
        let (a, b) = tokio::join!(s.notifications.record(e), other.record(e));
        u8::from(a.unwrap()) + u8::from(b.unwrap())
    }))
    .await;
    assert!(recorded.iter().all(|n| *n == 1), "{recorded:?}");
    // Both workers send at the same time until nothing is due.
    let mut sent = 0;
    loop {
        let now = s.clock.now();
        let (a, b) = tokio::join!(
            s.notifications.run_deliveries_once(now),
            other.run_deliveries_once(now)
        );
        let round = a.unwrap() + b.unwrap();
        if round == 0 {
            break;
        }
        sent += round;
    }
    assert_eq!(sent, 24);
    let messages = s.smtp.wait_for(24);
    assert_eq!(messages.len(), 24);
    let mut ids: Vec<_> = messages.iter().map(|m| m.message_id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 24, "each message once");
}
