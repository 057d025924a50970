//! A consumer's effect runs once even when recording it fails afterwards.

use super::*;
use openlance_bus::dead_letters::{self, Outcome};
use openlance_storage::Backend;

/// Makes every later attempt to finish a receipt fail, as a pool timeout right after the
/// effect would.
async fn break_receipt_writes(db: &openlance_storage::Db) {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "CREATE TABLE broken_receipts (x INTEGER); INSERT INTO broken_receipts VALUES (1); \
             CREATE TRIGGER fail_finish BEFORE UPDATE ON consumed_events \
             WHEN NEW.state = 'done' AND EXISTS (SELECT 1 FROM broken_receipts) \
             BEGIN SELECT RAISE(ABORT, 'pool timed out'); END;"
        }
        Backend::Postgres => {
            "CREATE TABLE broken_receipts (x INTEGER); INSERT INTO broken_receipts VALUES (1); \
             CREATE FUNCTION fail_finish() RETURNS trigger AS $$ BEGIN \
               IF NEW.state = 'done' AND EXISTS (SELECT 1 FROM broken_receipts) THEN \
                 RAISE EXCEPTION 'pool timed out'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER fail_finish BEFORE UPDATE ON consumed_events \
             FOR EACH ROW EXECUTE FUNCTION fail_finish();"
        }
    };
    sqlx::raw_sql(sql).execute(db.writer()).await.unwrap();
}

#[tokio::test]
async fn an_effect_runs_once_when_recording_it_fails_and_shows_as_unknown_outcome() {
    let s = setup().await;
    let mailer = Recorder::new("mailer", 0);
    s.bus.subscribe(mailer.clone());
    break_receipt_writes(&s.db).await;
    write_event(&s, "welcome", true).await;
    let relay = relay(&s);

    assert_eq!(
        relay.run_once().await.unwrap(),
        0,
        "recording the e-mail failed"
    );
    assert_eq!(mailer.seen(), vec!["welcome".to_string()]);
    for _ in 0..3 {
        s.clock.advance(Duration::minutes(10));
        relay.run_once().await.unwrap();
    }
    assert_eq!(
        mailer.seen(),
        vec!["welcome".to_string()],
        "redeliveries do not send the e-mail again"
    );
    assert_eq!(outbox::pending(&s.db).await.unwrap(), 0);
    let letters = dead_letters::list(&s.db).await.unwrap();
    assert_eq!(letters.len(), 1, "an admin sees the unfinished delivery");
    assert_eq!(letters[0].consumer, "mailer");
    assert_eq!(letters[0].outcome, Outcome::Unknown);
    assert_eq!(letters[0].event.subject, "welcome");
}

#[tokio::test]
async fn a_consumer_that_writes_in_its_own_transaction_can_finish_its_claim() {
    let s = setup().await;
    let event = Event::new("test.happened", "x", serde_json::json!({}), s.clock.now());
    let mut tx = s.db.begin().await.unwrap();
    assert!(
        openlance_bus::inbox::claim(&mut tx, "indexer", event.id, 1)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let mut tx = s.db.begin().await.unwrap();
    assert!(
        !openlance_bus::inbox::claim(&mut tx, "indexer", event.id, 2)
            .await
            .unwrap(),
        "the second claim sees the event handled"
    );
    tx.rollback().await.unwrap();
    assert!(
        openlance_bus::inbox::seen(&s.db, "indexer", event.id)
            .await
            .unwrap()
    );
}
