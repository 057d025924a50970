//! The outbox relay over the distributed buses: the same tests for NATS JetStream
//! (`OPENLANCE_TEST_NATS_URL`) and RabbitMQ (`OPENLANCE_TEST_AMQP_URL`). A broker whose
//! variable is unset is not exercised (CI sets both and fails if one is unreachable); each
//! test uses its own stream or exchange.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use openlance_bus::{
    AmqpBus, BrokerBus, Bus, Consumer, ConsumerHealth, ConsumerSettings, MIGRATIONS, NatsBus,
    Relay, RelaySettings, dead_letters, outbox,
};
use openlance_core::{Clock, Event, SystemClock};
use openlance_storage::testing::TestDb;
use tokio::sync::watch;

#[path = "brokers/failures.rs"]
mod failures;
use failures::*;

struct Recorder {
    name: &'static str,
    seen: Mutex<Vec<String>>,
    fail_times: AtomicUsize,
}

#[async_trait]
impl Consumer for Recorder {
    fn name(&self) -> &'static str {
        self.name
    }
    fn wants(&self, kind: &str) -> bool {
        kind.starts_with("test.")
    }
    async fn handle(&self, event: &Event) -> Result<(), String> {
        if self.fail_times.load(Ordering::SeqCst) > 0 {
            self.fail_times.fetch_sub(1, Ordering::SeqCst);
            return Err("downstream unavailable".into());
        }
        self.seen.lock().unwrap().push(event.subject.clone());
        Ok(())
    }
}

fn recorder(name: &'static str, fail_times: usize) -> Arc<Recorder> {
    Arc::new(Recorder {
        name,
        seen: Mutex::new(Vec::new()),
        fail_times: AtomicUsize::new(fail_times),
    })
}

#[derive(Clone, Copy)]
enum Broker {
    Nats,
    Amqp,
}

#[derive(Clone)]
enum AnyBus {
    Nats(NatsBus),
    Amqp(AmqpBus),
}

struct Setup {
    broker: Broker,
    url: String,
    /// Unique per test: the stream / exchange name and the subject prefix derive from it.
    id: String,
    _db: TestDb,
    db: openlance_storage::Db,
    bus: AnyBus,
    clock: Arc<dyn Clock>,
    stop: watch::Sender<bool>,
    consumers: Mutex<Vec<&'static str>>,
}

async fn setup(broker: Broker) -> Option<Setup> {
    let var = match broker {
        Broker::Nats => "OPENLANCE_TEST_NATS_URL",
        Broker::Amqp => "OPENLANCE_TEST_AMQP_URL",
    };
    let Ok(url) = std::env::var(var) else {
        eprintln!("{var} is not set: this broker is not exercised in this run");
        return None;
    };
    let test_db = TestDb::new(MIGRATIONS).await;
    let id = uuid::Uuid::now_v7().simple().to_string();
    let bus = connect(broker, &url, &id).await;
    let (stop, _) = watch::channel(false);
    Some(Setup {
        broker,
        url,
        id,
        db: test_db.db.clone(),
        _db: test_db,
        bus,
        clock: Arc::new(SystemClock),
        stop,
        consumers: Mutex::new(Vec::new()),
    })
}

/// Connects to the test's stream or exchange, creating it when missing.
async fn connect(broker: Broker, url: &str, id: &str) -> AnyBus {
    match broker {
        Broker::Nats => NatsBus::connect(url, &format!("T{id}"), &format!("t{id}"))
            .await
            .map(AnyBus::Nats),
        Broker::Amqp => AmqpBus::connect(url, &format!("t{id}"))
            .await
            .map(AnyBus::Amqp),
    }
    .unwrap_or_else(|e| panic!("the broker at {url} must be reachable: {e}"))
}

fn consumer_settings() -> ConsumerSettings {
    ConsumerSettings {
        ack_wait: Duration::from_secs(5),
        retry_delay: Duration::from_millis(100),
        max_attempts: 3,
    }
}

impl Setup {
    /// Starts `consumer`; it stops when `finish` runs or its own stopper is used.
    async fn spawn_consumer(
        &self,
        consumer: Arc<Recorder>,
    ) -> (tokio::task::JoinHandle<()>, watch::Sender<bool>) {
        self.consumers.lock().unwrap().push(consumer.name);
        match &self.bus {
            AnyBus::Nats(b) => b.prepare_consumer(consumer.name).await.unwrap(),
            AnyBus::Amqp(b) => b.prepare_consumer(consumer.name).await.unwrap(),
        }
        let (own_stop, own_stopped) = watch::channel(false);
        let mut all_stopped = self.stop.subscribe();
        let (bus, db, clock) = (self.bus.clone(), self.db.clone(), self.clock.clone());
        let settings = consumer_settings();
        let health = ConsumerHealth::default();
        let task = tokio::spawn(async move {
            let (tx, rx) = watch::channel(false);
            let mut own = own_stopped;
            tokio::spawn(async move {
                // A dropped stopper means "never stop this way", not "stop now".
                let own = async {
                    if own.changed().await.is_err() {
                        std::future::pending::<()>().await
                    }
                };
                let all = async {
                    if all_stopped.changed().await.is_err() {
                        std::future::pending::<()>().await
                    }
                };
                tokio::select! { _ = own => {}, _ = all => {} }
                let _ = tx.send(true);
            });
            match bus {
                AnyBus::Nats(b) => b
                    .run_consumer(db, clock, consumer, settings, health, rx)
                    .await
                    .unwrap(),
                AnyBus::Amqp(b) => b
                    .run_consumer(db, clock, consumer, settings, health, rx)
                    .await
                    .unwrap(),
            }
        });
        (task, own_stop)
    }

    fn as_bus(&self) -> Arc<dyn Bus> {
        match &self.bus {
            AnyBus::Nats(b) => Arc::new(b.clone()),
            AnyBus::Amqp(b) => Arc::new(b.clone()),
        }
    }

    fn relay(&self) -> Relay {
        Relay::new(
            self.db.clone(),
            self.as_bus(),
            self.clock.clone(),
            RelaySettings::default(),
        )
    }

    async fn finish(self) {
        let _ = self.stop.send(true);
        // Let consumers stop before their queues go.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let consumers = self.consumers.lock().unwrap().clone();
        match &self.bus {
            AnyBus::Nats(b) => b.delete_stream().await.unwrap(),
            AnyBus::Amqp(b) => b.delete(&consumers).await.unwrap(),
        }
    }

    async fn write_event(&self, subject: &str, commit: bool) -> Event {
        let mut tx = self.db.begin().await.unwrap();
        let event = Event::new(
            "test.happened",
            subject,
            serde_json::json!({}),
            self.clock.now(),
        );
        outbox::append(&mut tx, &event).await.unwrap();
        if commit {
            tx.commit().await.unwrap()
        } else {
            tx.rollback().await.unwrap()
        }
        event
    }
}

async fn eventually(rec: &Recorder, expected: &[&str]) {
    for _ in 0..100 {
        if rec.seen.lock().unwrap().len() >= expected.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Give a would-be duplicate the chance to arrive before judging.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        *rec.seen.lock().unwrap(),
        expected.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
}

async fn committed_events_reach_a_consumer_once_and_rolled_back_ones_never(broker: Broker) {
    let Some(s) = setup(broker).await else { return };
    let rec = recorder("mailer", 0);
    s.spawn_consumer(rec.clone()).await;
    s.write_event("kept", true).await;
    s.write_event("rolled-back", false).await;
    assert_eq!(s.relay().run_once().await.unwrap(), 1);
    eventually(&rec, &["kept"]).await;
    s.finish().await;
}

async fn a_failing_consumer_gets_the_event_again_and_others_see_it_once(broker: Broker) {
    let Some(s) = setup(broker).await else { return };
    let flaky = recorder("flaky", 2);
    let steady = recorder("steady", 0);
    s.spawn_consumer(flaky.clone()).await;
    s.spawn_consumer(steady.clone()).await;
    s.write_event("e1", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&flaky, &["e1"]).await;
    eventually(&steady, &["e1"]).await;
    s.finish().await;
}

async fn a_republished_event_is_handled_once(broker: Broker) {
    let Some(s) = setup(broker).await else { return };
    let rec = recorder("indexer", 0);
    s.spawn_consumer(rec.clone()).await;
    let event = s.write_event("twice", true).await;
    let bus = s.as_bus();
    bus.publish(&event).await.unwrap();
    bus.publish(&event).await.unwrap();
    eventually(&rec, &["twice"]).await;
    s.finish().await;
}

async fn a_durable_consumer_receives_what_was_published_while_it_was_down(broker: Broker) {
    let Some(s) = setup(broker).await else { return };
    let first = recorder("worker", 0);
    let (task, stop_first) = s.spawn_consumer(first.clone()).await;
    s.write_event("before", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&first, &["before"]).await;
    stop_first.send(true).unwrap();
    task.await.unwrap();

    s.write_event("while-down", true).await;
    s.relay().run_once().await.unwrap();
    let restarted = recorder("worker", 0);
    s.spawn_consumer(restarted.clone()).await;
    eventually(&restarted, &["while-down"]).await;
    s.finish().await;
}

macro_rules! for_each_broker {
    ($($test:ident),* $(,)?) => {
        mod nats {
            $(#[tokio::test] async fn $test() { super::$test(super::Broker::Nats).await })*
        }
        mod amqp {
            $(#[tokio::test] async fn $test() { super::$test(super::Broker::Amqp).await })*
        }
    };
}

for_each_broker!(
    committed_events_reach_a_consumer_once_and_rolled_back_ones_never,
    a_failing_consumer_gets_the_event_again_and_others_see_it_once,
    a_republished_event_is_handled_once,
    a_durable_consumer_receives_what_was_published_while_it_was_down,
    an_event_failing_every_attempt_is_dead_lettered_and_a_retry_delivers_it,
    a_consumer_created_fresh_does_not_handle_events_published_before_it_existed,
    a_consumer_whose_subscription_fails_is_reported_down_and_comes_back,
    an_effect_runs_once_when_recording_it_fails,
);
