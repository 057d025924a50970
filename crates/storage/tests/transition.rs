//! The transition helper on SQLite or PostgreSQL: allowed moves update the status and
//! leave an audit row; refused moves and lost races are 409s naming the current state and
//! write nothing.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use openlance_core::transition::{Moves, State};
use openlance_storage::testing::TestDb;
use openlance_storage::transition::{self, Machine, Move};
use openlance_storage::{Migration, Row};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Door {
    Closed,
    Open,
    Locked,
}

impl State for Door {
    const NOUN: &'static str = "door";
    fn as_str(self) -> &'static str {
        match self {
            Self::Closed => "CLOSED",
            Self::Open => "OPEN",
            Self::Locked => "LOCKED",
        }
    }
    fn parse(text: &str) -> Option<Self> {
        [Self::Closed, Self::Open, Self::Locked]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

const DOORS: Machine<Door> = Machine {
    table: "doors",
    transitions: "door_transitions",
    moves: Moves(&[
        (Door::Closed, Door::Open),
        (Door::Open, Door::Closed),
        (Door::Closed, Door::Locked),
    ]),
};

const MIGRATIONS: &[Migration] = &[Migration::portable(
    "test/0001_doors",
    "CREATE TABLE doors (id TEXT PRIMARY KEY, status TEXT NOT NULL); \
     CREATE TABLE door_transitions (id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, \
     from_status TEXT NOT NULL, to_status TEXT NOT NULL, actor_id TEXT, reason TEXT, \
     occurred_at BIGINT NOT NULL); \
     INSERT INTO doors (id, status) VALUES ('front', 'CLOSED')",
)];

fn to(to: Door, at: i64) -> Move<'static, Door> {
    Move {
        id: "front",
        to,
        actor: Some("user-1"),
        reason: None,
        at,
    }
}

#[tokio::test]
async fn an_allowed_move_updates_and_audits_a_refused_one_names_the_state() {
    let t = TestDb::new(MIGRATIONS).await;
    let mut tx = t.db.begin().await.unwrap();
    let moved = transition::apply(&mut tx, &DOORS, to(Door::Open, 1))
        .await
        .unwrap();
    assert_eq!((moved.from, moved.to), (Door::Closed, Door::Open));
    let err = transition::apply(&mut tx, &DOORS, to(Door::Locked, 2))
        .await
        .unwrap_err();
    assert_eq!(err.status(), 409);
    assert!(err.to_string().contains("is OPEN"), "{err}");
    let trail = transition::history(&mut tx, &DOORS, "front").await.unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!((trail[0].from, trail[0].to), (Door::Closed, Door::Open));
    assert_eq!(trail[0].actor.as_deref(), Some("user-1"));
    let missing = Move {
        id: "back",
        ..to(Door::Open, 3)
    };
    let err = transition::apply(&mut tx, &DOORS, missing)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 404);
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn of_many_concurrent_moves_from_one_state_exactly_one_wins() {
    let t = TestDb::new(MIGRATIONS).await;
    let tasks = (0..8).map(|i| {
        let db = t.db.clone();
        tokio::spawn(async move {
            let target = if i % 2 == 0 { Door::Open } else { Door::Locked };
            let mut tx = db.begin().await.unwrap();
            let r = transition::apply(&mut tx, &DOORS, to(target, i)).await;
            if r.is_ok() {
                tx.commit().await.unwrap();
            }
            r.is_ok()
        })
    });
    let mut wins = 0;
    for task in tasks {
        wins += usize::from(task.await.unwrap());
    }
    assert_eq!(wins, 1);
    let audits = sqlx::query("SELECT COUNT(*) FROM door_transitions")
        .fetch_one(t.db.reader())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap();
    assert_eq!(audits, 1);
}
