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
