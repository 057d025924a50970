//! The storage layer on SQLite or, with `OPENLANCE_TEST_DATABASE_URL`, PostgreSQL:
//! migrations are applied once, transactions commit or roll back as a whole, and
//! concurrent writers do not lose updates.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use openlance_storage::testing::TestDb;
use openlance_storage::{Migration, Row};

const MIGRATIONS: &[Migration] = &[
    Migration::portable(
        "test/0001_counters",
        "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
    ),
    Migration {
        id: "test/0002_log",
        sqlite: "CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT NOT NULL)",
        postgres: "CREATE TABLE log (seq BIGSERIAL PRIMARY KEY, line TEXT NOT NULL)",
    },
];

async fn count(db: &openlance_storage::Db, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(db.reader())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_once_in_order() {
    let t = TestDb::new(MIGRATIONS).await;
    assert!(
        t.db.migrate(MIGRATIONS).await.unwrap().is_empty(),
        "a second run applies nothing"
    );
    assert_eq!(
        count(&t.db, "SELECT COUNT(*) FROM schema_migrations").await,
        2
    );
    t.db.ping().await.unwrap();
}

#[tokio::test]
async fn a_failing_migration_is_reported_and_leaves_nothing_behind() {
    let t = TestDb::new(MIGRATIONS).await;
    let broken = [Migration::portable(
        "test/0003_broken",
        "CREATE TABLE half (id TEXT); CREATE TABLE oops (",
    )];
    let err = t.db.migrate(&broken).await.unwrap_err();
    assert!(err.to_string().contains("test/0003_broken"), "{err}");
    assert_eq!(
        count(&t.db, "SELECT COUNT(*) FROM schema_migrations").await,
        2
    );
    let half = sqlx::query("SELECT COUNT(*) FROM half")
        .fetch_one(t.db.reader())
        .await;
    assert!(
        half.is_err(),
        "the statement before the failure was rolled back too"
    );
}

#[tokio::test]
async fn a_rolled_back_transaction_writes_nothing() {
    let t = TestDb::new(MIGRATIONS).await;
    let mut tx = t.db.begin().await.unwrap();
    sqlx::query("INSERT INTO log (line) VALUES ($1)")
        .bind("gone")
        .execute(tx.conn())
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    sqlx::query("INSERT INTO log (line) VALUES ($1)")
        .bind("kept")
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM log").await, 1);
}

#[tokio::test]
async fn concurrent_writers_lose_no_updates() {
    let t = TestDb::new(MIGRATIONS).await;
    sqlx::query("INSERT INTO counters (name, value) VALUES ('hits', 0)")
        .execute(t.db.writer())
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..5 {
                let mut tx = db.begin().await.unwrap();
                sqlx::query("UPDATE counters SET value = value + 1 WHERE name = 'hits'")
                    .execute(tx.conn())
                    .await
                    .unwrap();
                sqlx::query("INSERT INTO log (line) VALUES ('hit')")
                    .execute(tx.conn())
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(
        count(&t.db, "SELECT value FROM counters WHERE name = 'hits'").await,
        160
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM log").await, 160);
}

#[tokio::test]
async fn reads_after_a_commit_see_it() {
    let t = TestDb::new(MIGRATIONS).await;
    for i in 0..20 {
        let mut tx = t.db.begin().await.unwrap();
        sqlx::query("INSERT INTO log (line) VALUES ($1)")
            .bind(format!("line {i}"))
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(count(&t.db, "SELECT COUNT(*) FROM log").await, i + 1);
    }
}

/// PostgreSQL connections are not pinged before every checkout; one that sat idle is, so a
/// connection the server dropped (a restart, a timeout) is replaced before a query uses it.
#[tokio::test]
async fn a_postgres_connection_dropped_while_idle_is_replaced_at_checkout() {
    let t = TestDb::new(MIGRATIONS).await;
    if t.db.backend() != openlance_storage::Backend::Postgres {
        return;
    }
    let mine: i32 = sqlx::query("SELECT pg_backend_pid() AS pid")
        .fetch_one(t.db.reader())
        .await
        .unwrap()
        .try_get("pid")
        .unwrap();
    // Another session ends the pool's idle connection, as a server restart would.
    let killer = TestDb::new(&[]).await;
    sqlx::query("SELECT pg_terminate_backend($1)")
        .bind(mine)
        .execute(killer.db.reader())
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    for _ in 0..4 {
        assert_eq!(count(&t.db, "SELECT count(*) FROM counters").await, 0);
    }
}

/// ANALYZE (which ends a bulk load) leaves SQLite the table statistics but no STAT4 samples:
/// with samples, SQLite re-compiles a statement whenever a bound value it looked at changes,
/// which cost `GET /api/v1/users/me` 39% of its time (`.cargo/config.toml` builds SQLite
/// without STAT4).
#[tokio::test]
async fn analyze_keeps_no_samples_that_would_recompile_statements() {
    let t = TestDb::new(MIGRATIONS).await;
    if t.db.backend() != openlance_storage::Backend::Sqlite {
        return;
    }
    fill_counters(&t.db).await;
    openlance_storage::bulk::finish(&t.db).await.unwrap();
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'"
        )
        .await,
        0,
        "SQLite was built with STAT4"
    );
}

/// On PostgreSQL the end of a bulk load vacuums and analyzes the tables it filled and leaves
/// the empty ones never analyzed: statistics of an empty table would keep the planner
/// believing it empty while a burst fills it.
#[tokio::test]
async fn a_bulk_load_analyzes_the_tables_it_filled_and_not_the_empty_ones() {
    let t = TestDb::new(MIGRATIONS).await;
    if t.db.backend() != openlance_storage::Backend::Postgres {
        return;
    }
    fill_counters(&t.db).await;
    openlance_storage::bulk::finish(&t.db).await.unwrap();
    assert_eq!(reltuples(&t.db, "counters").await, 500);
    assert_eq!(
        reltuples(&t.db, "log").await,
        -1,
        "the empty table was analyzed"
    );
}

async fn reltuples(db: &openlance_storage::Db, table: &str) -> i64 {
    sqlx::query(
        "SELECT reltuples::bigint AS n FROM pg_class \
         WHERE relnamespace = current_schema()::regnamespace AND relname = $1",
    )
    .bind(table)
    .fetch_one(db.reader())
    .await
    .unwrap()
    .try_get::<i64, _>("n")
    .unwrap()
}

async fn fill_counters(db: &openlance_storage::Db) {
    sqlx::raw_sql(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) \
         INSERT INTO counters (name, value) SELECT 'c' || i, i FROM n",
    )
    .execute(db.writer())
    .await
    .unwrap();
}
