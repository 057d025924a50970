//! The prune scheduler runs every registered job, repeatedly, and the bus's own jobs
//! forget what outlived its retention.

use super::*;
use openlance_bus::dead_letters;
use openlance_bus::prune::{PruneJob, Pruner, Retention, bus_jobs};

fn counting(name: &'static str, runs: Arc<AtomicUsize>, fail: bool) -> PruneJob {
    PruneJob::new(name, move || {
        let runs = runs.clone();
        Box::pin(async move {
            runs.fetch_add(1, Ordering::SeqCst);
            if fail {
                Err("database busy".to_string())
            } else {
                Ok(2)
            }
        })
    })
}

#[tokio::test]
async fn the_scheduler_runs_every_registered_job_again_and_again_until_shutdown() {
    let (tokens, keys) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let pruner = Pruner::new(std::time::Duration::from_millis(20))
        .with(counting("accounts.expired_tokens", tokens.clone(), true))
        .with(counting("http.idempotency_keys", keys.clone(), false));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(pruner.run(stopped));
    for _ in 0..250 {
        if tokens.load(Ordering::SeqCst) >= 3 && keys.load(Ordering::SeqCst) >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.send(true).unwrap();
    task.await.unwrap();
    assert!(
        tokens.load(Ordering::SeqCst) >= 3,
        "a failing job is retried next time"
    );
    assert!(
        keys.load(Ordering::SeqCst) >= 3,
        "and does not stop the others"
    );
}

#[tokio::test]
async fn the_bus_jobs_prune_old_published_events_and_old_dead_letters() {
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
    write_event(&s, "old", true).await;
    relay(&s).run_once().await.unwrap();
    assert_eq!(dead_letters::list(&s.db).await.unwrap().len(), 1);
    s.clock.advance(Duration::days(31));
    write_event(&s, "fresh", true).await;

    let clock: Arc<dyn Clock> = s.clock.clone();
    let pruner = bus_jobs(&s.db, &clock, &Retention::default())
        .into_iter()
        .fold(
            Pruner::new(std::time::Duration::from_secs(300)),
            Pruner::with,
        );
    let results = pruner.run_once().await;
    assert_eq!(
        results,
        vec![("outbox.published", Ok(1)), ("bus.dead_letters", Ok(1))]
    );
    assert!(dead_letters::list(&s.db).await.unwrap().is_empty());
    assert_eq!(
        outbox::pending(&s.db).await.unwrap(),
        1,
        "the unpublished event stays"
    );
}
