//! An event that keeps failing for a consumer becomes a dead letter an admin can retry.

use super::*;
use openlance_bus::dead_letters::{self, Outcome, RetryError};

#[tokio::test]
async fn an_event_failing_max_attempts_times_is_dead_lettered_and_an_admin_retry_delivers_it() {
    let test_db = TestDb::new(MIGRATIONS).await;
    let db = test_db.db.clone();
    let clock = Arc::new(ManualClock::default());
    let bus = Arc::new(InProcessBus::new(db.clone(), clock.clone()).with_max_attempts(3));
    let s = Setup {
        _db: test_db,
        db,
        clock,
        bus,
    };
    // Fails its 3 deliveries and the admin's first retry; the second retry works.
    let flaky = Recorder::new("flaky", 4);
    let steady = Recorder::new("steady", 0);
    s.bus.subscribe(flaky.clone());
    s.bus.subscribe(steady.clone());
    write_event(&s, "e1", true).await;
    let relay = relay(&s);

    assert_eq!(relay.run_once().await.unwrap(), 0);
    s.clock.advance(Duration::seconds(1));
    assert_eq!(relay.run_once().await.unwrap(), 0);
    s.clock.advance(Duration::seconds(2));
    assert_eq!(
        relay.run_once().await.unwrap(),
        1,
        "the third failure dead-letters it and the event stops blocking"
    );
    s.clock.advance(Duration::hours(1));
    assert_eq!(relay.run_once().await.unwrap(), 0);
    assert!(flaky.seen().is_empty());
    assert_eq!(steady.seen(), vec!["e1".to_string()]);

    let letters = dead_letters::list(&s.db).await.unwrap();
    assert_eq!(letters.len(), 1);
    let letter = &letters[0];
    assert_eq!(letter.consumer, "flaky");
    assert_eq!(letter.attempts, 3);
    assert_eq!(letter.outcome, Outcome::Failed);
    assert_eq!(letter.last_error, "mail server down");
    assert_eq!(letter.event.subject, "e1");

    let consumers: Vec<Arc<dyn Consumer>> = vec![flaky.clone(), steady.clone()];
    let again = dead_letters::retry(&s.db, s.clock.as_ref(), &consumers, letter.id).await;
    assert!(
        matches!(again, Err(RetryError::FailedAgain(_))),
        "{again:?}"
    );
    assert_eq!(
        dead_letters::list(&s.db).await.unwrap().len(),
        1,
        "still there"
    );

    dead_letters::retry(&s.db, s.clock.as_ref(), &consumers, letter.id)
        .await
        .unwrap();
    assert_eq!(flaky.seen(), vec!["e1".to_string()]);
    assert_eq!(
        steady.seen(),
        vec!["e1".to_string()],
        "others are not repeated"
    );
    assert!(dead_letters::list(&s.db).await.unwrap().is_empty());
    assert!(matches!(
        dead_letters::retry(&s.db, s.clock.as_ref(), &consumers, letter.id).await,
        Err(RetryError::NotFound(_))
    ));
}

#[tokio::test]
async fn old_dead_letters_are_pruned() {
    let test_db = TestDb::new(MIGRATIONS).await;
    let db = test_db.db.clone();
    let clock = Arc::new(ManualClock::default());
    let bus = Arc::new(InProcessBus::new(db.clone(), clock.clone()).with_max_attempts(1));
    let s = Setup {
        _db: test_db,
        db,
        clock,
        bus,
    };
    s.bus.subscribe(Recorder::new("flaky", 1));
    write_event(&s, "e1", true).await;
    relay(&s).run_once().await.unwrap();
    assert_eq!(dead_letters::list(&s.db).await.unwrap().len(), 1);
    s.clock.advance(Duration::days(31));
    let cutoff = dead_letters::cutoff(s.clock.as_ref(), std::time::Duration::from_secs(30 * 86400));
    assert_eq!(dead_letters::prune(&s.db, cutoff).await.unwrap(), 1);
    assert!(dead_letters::list(&s.db).await.unwrap().is_empty());
}
