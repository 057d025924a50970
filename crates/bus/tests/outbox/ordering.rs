//! Per-subject ordering and the relay waking up on commit.

use super::*;

#[tokio::test]
async fn a_failed_event_holds_back_its_subjects_later_events_but_not_other_subjects() {
    let s = setup().await;
    let rec = Recorder::new("recorder", 1);
    s.bus.subscribe(rec.clone());
    write_labeled(&s, "order-a", "a1", true).await;
    write_labeled(&s, "order-a", "a2", true).await;
    write_labeled(&s, "order-b", "b1", true).await;
    let relay = relay(&s);

    assert_eq!(relay.run_once().await.unwrap(), 1, "a1 fails, b1 goes out");
    assert_eq!(rec.seen(), vec!["b1".to_string()], "a2 waits behind a1");
    assert_eq!(
        relay.run_once().await.unwrap(),
        0,
        "a2 stays held while a1 backs off"
    );
    assert_eq!(outbox::pending(&s.db).await.unwrap(), 2);

    s.clock.advance(Duration::seconds(1));
    assert_eq!(relay.run_once().await.unwrap(), 2);
    assert_eq!(rec.seen(), vec!["b1", "a1", "a2"]);
}

#[tokio::test]
async fn committing_events_wakes_the_relay_without_any_explicit_signal() {
    let s = setup().await;
    let rec = Recorder::new("recorder", 0);
    s.bus.subscribe(rec.clone());
    let relay = Relay::new(
        s.db.clone(),
        s.bus.clone() as Arc<dyn Bus>,
        s.clock.clone(),
        RelaySettings {
            poll_interval: std::time::Duration::from_secs(3600),
            ..RelaySettings::default()
        },
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(relay.run(stopped));
    // Let the relay finish its first (empty) round and go to sleep for an hour.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    write_event(&s, "woken", true).await;
    for _ in 0..250 {
        if !rec.seen().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        rec.seen(),
        vec!["woken".to_string()],
        "published within 5 s, not after the hour-long poll interval"
    );
    stop.send(true).unwrap();
    task.await.unwrap();
}

/// Records the order in which events reach the broker.
#[derive(Default)]
struct Wire {
    published: Mutex<Vec<(String, i64)>>,
}

#[async_trait]
impl Bus for Wire {
    async fn publish(&self, event: &Event) -> Result<(), openlance_bus::BusError> {
        // Give the other relays a chance to run in between.
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        let n = event.payload["n"].as_i64().unwrap();
        self.published
            .lock()
            .unwrap()
            .push((event.subject.clone(), n));
        Ok(())
    }
}

#[tokio::test]
async fn relays_running_at_once_publish_each_subjects_events_once_and_in_order() {
    let s = setup().await;
    for n in 0..15 {
        let mut tx = s.db.begin().await.unwrap();
        for subject in ["order-1", "order-2", "order-3"] {
            let event = Event::new(
                "test.happened",
                subject,
                serde_json::json!({ "n": n }),
                s.clock.now(),
            );
            outbox::append(&mut tx, &event).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let wire = Arc::new(Wire::default());
    let relays: Vec<_> = (0..4)
        .map(|_| {
            Relay::new(
                s.db.clone(),
                wire.clone(),
                s.clock.clone(),
                RelaySettings {
                    batch: 4,
                    ..RelaySettings::default()
                },
            )
        })
        .collect();
    let tasks: Vec<_> = relays
        .into_iter()
        .map(|relay| {
            tokio::spawn(async move {
                for _ in 0..200 {
                    relay.run_once().await.unwrap();
                    if relay.pending().await.unwrap() == 0 {
                        break;
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(outbox::pending(&s.db).await.unwrap(), 0);
    let published = wire.published.lock().unwrap().clone();
    assert_eq!(published.len(), 45, "each event once");
    for subject in ["order-1", "order-2", "order-3"] {
        let order: Vec<i64> = published
            .iter()
            .filter(|(s, _)| s == subject)
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(order, (0..15).collect::<Vec<_>>(), "{subject}");
    }
}
