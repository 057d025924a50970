//! What goes wrong on a broker: dead letters, effects whose receipt write fails, consumers
//! whose subscription breaks, fresh consumers and unroutable events.

use super::*;

pub async fn an_event_failing_every_attempt_is_dead_lettered_and_a_retry_delivers_it(
    broker: Broker,
) {
    let Some(s) = setup(broker).await else { return };
    // Fails its 3 deliveries (max_attempts in consumer_settings), then works.
    let flaky = recorder("flaky", 3);
    s.spawn_consumer(flaky.clone()).await;
    s.write_event("doomed", true).await;
    assert_eq!(s.relay().run_once().await.unwrap(), 1);
    let mut letters = Vec::new();
    for _ in 0..100 {
        letters = dead_letters::list(&s.db).await.unwrap();
        if !letters.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(letters.len(), 1, "the event became a dead letter");
    assert_eq!(letters[0].attempts, 3);
    assert_eq!(letters[0].consumer, "flaky");
    // Acknowledged: the broker does not keep redelivering it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(flaky.seen.lock().unwrap().is_empty());

    let consumers: Vec<Arc<dyn Consumer>> = vec![flaky.clone()];
    dead_letters::retry(&s.db, s.clock.as_ref(), &consumers, letters[0].id)
        .await
        .unwrap();
    eventually(&flaky, &["doomed"]).await;
    assert!(dead_letters::list(&s.db).await.unwrap().is_empty());
    s.finish().await;
}

pub async fn a_consumer_created_fresh_does_not_handle_events_published_before_it_existed(
    broker: Broker,
) {
    let Some(s) = setup(broker).await else { return };
    // Another consumer exists already, so the old event is stored (and routable).
    let old = recorder("old-timer", 0);
    s.spawn_consumer(old.clone()).await;
    s.write_event("history", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&old, &["history"]).await;

    let fresh = recorder("newcomer", 0);
    s.spawn_consumer(fresh.clone()).await;
    s.write_event("news", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&fresh, &["news"]).await;
    s.finish().await;
}

pub async fn a_consumer_whose_subscription_fails_is_reported_down_and_comes_back(broker: Broker) {
    let Some(s) = setup(broker).await else { return };
    let rec = recorder("supervised", 0);
    s.consumers.lock().unwrap().push(rec.name);
    // The stream / exchange is gone: subscribing fails until it is back.
    match &s.bus {
        AnyBus::Nats(b) => b.delete_stream().await.unwrap(),
        AnyBus::Amqp(b) => b.delete(&[]).await.unwrap(),
    }
    let health = ConsumerHealth::default();
    let restart = openlance_bus::SupervisorSettings {
        first_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(400),
    };
    let consumers: Vec<Arc<dyn Consumer>> = vec![rec.clone()];
    let (db, clock) = (s.db.clone(), s.clock.clone());
    let stopped = s.stop.subscribe();
    let tasks = match &s.bus {
        AnyBus::Nats(b) => openlance_bus::supervise(
            b.clone(),
            db,
            clock,
            consumers,
            consumer_settings(),
            restart,
            health.clone(),
            stopped,
        ),
        AnyBus::Amqp(b) => openlance_bus::supervise(
            b.clone(),
            db,
            clock,
            consumers,
            consumer_settings(),
            restart,
            health.clone(),
            stopped,
        ),
    };
    let mut down = Vec::new();
    for _ in 0..100 {
        down = health.down_consumers();
        // Down from the start ("starting"); then down with the subscription's error.
        if down.iter().any(|(_, error)| error != "starting") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(down.len(), 1, "reported down");
    assert_eq!(down[0].0, "supervised");
    assert_ne!(down[0].1, "starting", "with the error that stopped it");

    // The broker side comes back; the supervisor resubscribes on its own.
    connect(s.broker, &s.url, &s.id).await;
    for _ in 0..100 {
        if health.down_consumers().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(health.down_consumers().is_empty(), "back up");
    if let AnyBus::Amqp(b) = &s.bus {
        b.prepare_consumer(rec.name).await.unwrap();
    }
    s.write_event("after-restart", true).await;
    s.relay().run_once().await.unwrap();
    eventually(&rec, &["after-restart"]).await;
    s.finish().await;
    for task in tasks {
        task.await.unwrap();
    }
}

pub async fn an_effect_runs_once_when_recording_it_fails(broker: Broker) {
    let Some(s) = setup(broker).await else { return };
    let mailer = recorder("mailer", 0);
    s.spawn_consumer(mailer.clone()).await;
    // Finishing a receipt fails from now on, as a pool timeout right after the effect would.
    let sql = match s.db.backend() {
        openlance_storage::Backend::Sqlite => {
            "CREATE TRIGGER fail_finish BEFORE UPDATE ON consumed_events \
             WHEN NEW.state = 'done' BEGIN SELECT RAISE(ABORT, 'pool timed out'); END;"
        }
        openlance_storage::Backend::Postgres => {
            "CREATE FUNCTION fail_finish() RETURNS trigger AS $$ BEGIN \
               IF NEW.state = 'done' THEN RAISE EXCEPTION 'pool timed out'; END IF; \
               RETURN NEW; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER fail_finish BEFORE UPDATE ON consumed_events \
             FOR EACH ROW EXECUTE FUNCTION fail_finish();"
        }
    };
    sqlx::raw_sql(sql).execute(s.db.writer()).await.unwrap();
    s.write_event("welcome", true).await;
    s.relay().run_once().await.unwrap();
    let mut letters = Vec::new();
    for _ in 0..100 {
        letters = dead_letters::list(&s.db).await.unwrap();
        if !letters.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        letters.len(),
        1,
        "the unfinished delivery is shown to an admin"
    );
    assert_eq!(letters[0].outcome, dead_letters::Outcome::Unknown);
    // The broker redelivered it; the e-mail did not go out again.
    eventually(&mailer, &["welcome"]).await;
    s.finish().await;
}

/// RabbitMQ only: JetStream stores an event whether or not a consumer exists yet.
#[tokio::test]
async fn an_unroutable_event_is_not_marked_published_on_rabbitmq() {
    let Some(s) = setup(Broker::Amqp).await else {
        return;
    };
    s.write_event("nobody-listens", true).await;
    assert_eq!(
        s.relay().run_once().await.unwrap(),
        0,
        "returned, not published"
    );
    assert_eq!(outbox::pending(&s.db).await.unwrap(), 1, "kept for a retry");
    s.finish().await;
}
