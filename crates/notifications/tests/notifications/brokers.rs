//! Two instances over a real broker (NATS JetStream, RabbitMQ) and one database: each runs
//! the notifications consumer on the shared durable subscription and a delivery worker;
//! every message arrives once. Skipped, like the bus's broker tests, when the broker's
//! `OPENLANCE_TEST_*_URL` is not set (CI sets both).

use std::sync::Arc;
use std::time::Duration;

use openlance_bus::{
    AmqpBus, BrokerBus, ConsumerHealth, ConsumerSettings, NatsBus, Relay, RelaySettings,
};
use openlance_core::{Clock, Event};
use openlance_payments::events::TopUpSucceeded;
use tokio::sync::watch;

use super::Setup;

async fn two_instances_over<B: BrokerBus>(bus_a: B, bus_b: B) -> B {
    let s = Setup::new().await;
    let other = Setup::instance(&s.db, &s.clock, &s.accounts, &s.smtp);
    let ada = s.user("ada@example.com").await.to_string();
    let (stop, stopped) = watch::channel(false);
    let clock: Arc<dyn Clock> = s.clock.clone();
    bus_a.prepare_consumer("notifications").await.unwrap();
    let mut workers = Vec::new();
    for (bus, instance) in [
        (bus_a.clone(), s.notifications.clone()),
        (bus_b, other.clone()),
    ] {
        let (db, clock, stopped) = (s.db.clone(), clock.clone(), stopped.clone());
        workers.push(tokio::spawn(async move {
            let settings = ConsumerSettings {
                ack_wait: Duration::from_secs(5),
                retry_delay: Duration::from_millis(100),
                max_attempts: 3,
            };
            let _ = bus
                .run_consumer(
                    db,
                    clock,
                    instance.consumer(),
                    settings,
                    ConsumerHealth::default(),
                    stopped,
                )
                .await;
        }));
    }

    let mut tx = s.db.begin().await.unwrap();
    for cents in 1..=12 {
        let top_up = TopUpSucceeded {
            operation_id: format!("op-{cents}"),
            user_id: ada.clone(),
            amount: cents * 100,
            currency: "USD".into(),
        };
        openlance_bus::outbox::append(&mut tx, &Event::of(&top_up, s.clock.now()))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let relay = Relay::new(
        s.db.clone(),
        Arc::new(bus_a.clone()),
        clock,
        RelaySettings::default(),
    );
    while relay.run_once().await.unwrap() > 0 {}

    // Both instances' workers send while the consumers record: the twelve receipts and the
    // welcome of the account created above.
    let mut sent = 0;
    for _ in 0..200 {
        let now = s.clock.now();
        let (a, b) = tokio::join!(
            s.notifications.run_deliveries_once(now),
            other.run_deliveries_once(now)
        );
        sent += a.unwrap() + b.unwrap();
        if sent >= 13 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sent, 13);
    let messages = s.smtp.wait_for(13);
    let mut subjects: Vec<_> = messages.iter().map(|m| m.subject.clone()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(
        (messages.len(), subjects.len()),
        (13, 13),
        "each message once"
    );
    let inbox = s
        .notifications
        .inbox(ada.parse().unwrap(), None, 100)
        .await
        .unwrap();
    assert_eq!(inbox.page.items.len(), 13);

    let _ = stop.send(true);
    for w in workers {
        let _ = tokio::time::timeout(Duration::from_secs(5), w).await;
    }
    bus_a
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_over_nats_send_each_message_once() {
    let Ok(url) = std::env::var("OPENLANCE_TEST_NATS_URL") else {
        eprintln!("OPENLANCE_TEST_NATS_URL is not set: NATS is not exercised in this run");
        return;
    };
    let id = uuid::Uuid::now_v7().simple().to_string();
    let (stream, prefix) = (format!("N{id}"), format!("n{id}"));
    let a = NatsBus::connect(&url, &stream, &prefix).await.unwrap();
    let b = NatsBus::connect(&url, &stream, &prefix).await.unwrap();
    two_instances_over(a, b)
        .await
        .delete_stream()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_over_rabbitmq_send_each_message_once() {
    let Ok(url) = std::env::var("OPENLANCE_TEST_AMQP_URL") else {
        eprintln!("OPENLANCE_TEST_AMQP_URL is not set: RabbitMQ is not exercised in this run");
        return;
    };
    let exchange = format!("n{}", uuid::Uuid::now_v7().simple());
    let (a, b) = (
        AmqpBus::connect(&url, &exchange).await.unwrap(),
        AmqpBus::connect(&url, &exchange).await.unwrap(),
    );
    two_instances_over(a, b)
        .await
        .delete(&["notifications"])
        .await
        .unwrap();
}
