//! The outbox relay over NATS JetStream. Runs when `OPENLANCE_TEST_NATS_URL` is set (CI
//! sets it and fails if NATS is unreachable); each test uses its own stream.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use openlance_bus::{
    Bus, Consumer, ConsumerSettings, MIGRATIONS, NatsBus, Relay, RelaySettings, outbox,
};
use openlance_core::{Clock, Event, SystemClock};
use openlance_storage::testing::TestDb;
use tokio::sync::watch;

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

struct Setup {
    _db: TestDb,
    db: openlance_storage::Db,
    bus: NatsBus,
    clock: Arc<dyn Clock>,
    stop: watch::Sender<bool>,
}

async fn setup() -> Option<Setup> {
    let Ok(url) = std::env::var("OPENLANCE_TEST_NATS_URL") else {
        eprintln!(
            "OPENLANCE_TEST_NATS_URL is not set: the NATS adapter is not exercised in this run"
        );
        return None;
    };
    let test_db = TestDb::new(MIGRATIONS).await;
    let id = uuid::Uuid::now_v7().simple().to_string();
    let bus = NatsBus::connect(&url, &format!("T{id}"), &format!("t{id}"))
        .await
        .unwrap_or_else(|e| panic!("NATS at {url} must be reachable: {e}"));
    let (stop, _) = watch::channel(false);
    Some(Setup {
        db: test_db.db.clone(),
        _db: test_db,
        bus,
        clock: Arc::new(SystemClock),
        stop,
    })
}

impl Setup {
    fn spawn_consumer(&self, consumer: Arc<Recorder>) -> tokio::task::JoinHandle<()> {
        let (bus, db, clock, stop) = (
            self.bus.clone(),
            self.db.clone(),
            self.clock.clone(),
            self.stop.subscribe(),
        );
        let settings = ConsumerSettings {
            ack_wait: Duration::from_secs(5),
            retry_delay: Duration::from_millis(100),
        };
        tokio::spawn(async move {
            bus.run_consumer(db, clock, consumer, settings, stop)
                .await
                .unwrap()
        })
    }

    fn relay(&self) -> Relay {
        Relay::new(
            self.db.clone(),
            Arc::new(self.bus.clone()) as Arc<dyn Bus>,
            self.clock.clone(),
            RelaySettings::default(),
        )
    }

    async fn finish(self) {
        let _ = self.stop.send(true);
        self.bus.delete_stream().await.unwrap();
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

#[tokio::test]
async fn committed_events_reach_a_nats_consumer_once_and_rolled_back_ones_never() {
    let Some(s) = setup().await else { return };
    let rec = recorder("mailer", 0);
    s.spawn_consumer(rec.clone());
    s.write_event("kept", true).await;
    s.write_event("rolled-back", false).await;
    assert_eq!(s.relay().run_once().await.unwrap(), 1);
    eventually(&rec, &["kept"]).await;
    s.finish().await;
}

#[tokio::test]
async fn a_failing_nats_consumer_gets_the_event_again_and_others_see_it_once() {
    let Some(s) = setup().await else { return };
    let flaky = recorder("flaky", 2);
    let steady = recorder("steady", 0);
    s.spawn_consumer(flaky.clone());
    s.spawn_consumer(steady.clone());
    s.write_event("e1", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&flaky, &["e1"]).await;
    eventually(&steady, &["e1"]).await;
    s.finish().await;
}

#[tokio::test]
async fn a_republished_event_is_handled_once() {
    let Some(s) = setup().await else { return };
    let rec = recorder("indexer", 0);
    s.spawn_consumer(rec.clone());
    let event = s.write_event("twice", true).await;
    s.bus.publish(&event).await.unwrap();
    s.bus.publish(&event).await.unwrap();
    eventually(&rec, &["twice"]).await;
    s.finish().await;
}

#[tokio::test]
async fn a_durable_consumer_receives_what_was_published_while_it_was_down() {
    let Some(s) = setup().await else { return };
    let first = recorder("worker", 0);
    let task = s.spawn_consumer(first.clone());
    s.write_event("before", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&first, &["before"]).await;
    task.abort();
    let _ = task.await;

    s.write_event("while-down", true).await;
    s.relay().run_once().await.unwrap();
    let restarted = recorder("worker", 0);
    s.spawn_consumer(restarted.clone());
    eventually(&restarted, &["while-down"]).await;
    s.finish().await;
}
