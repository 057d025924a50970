//! `Accounts::prune_expired`: expired refresh, verification and reset tokens and
//! throttling counts that left their window are removed; nothing live is. Runs on SQLite
//! or, with `OPENLANCE_TEST_DATABASE_URL`, PostgreSQL.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::sync::Arc;

use openlance_accounts::{Accounts, AccountsConfig, Role};
use openlance_core::{Clock, ManualClock};
use openlance_storage::testing::TestDb;
use sqlx::Row;

const TABLES: [&str; 4] = [
    "refresh_tokens",
    "account_tokens",
    "login_failures",
    "throttle_scopes",
];

async fn rows(db: &openlance_storage::Db, table: &str) -> i64 {
    let sql = match table {
        "refresh_tokens" => "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM refresh_tokens",
        "account_tokens" => "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM account_tokens",
        "login_failures" => "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM login_failures",
        _ => "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM throttle_scopes",
    };
    sqlx::query(sql)
        .fetch_one(db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn expired_tokens_and_old_throttling_rows_are_pruned_and_live_ones_kept() {
    let migrations = [openlance_bus::MIGRATIONS, openlance_accounts::MIGRATIONS].concat();
    let test_db = TestDb::new(&migrations).await;
    let db = test_db.db.clone();
    let clock = Arc::new(ManualClock::default());
    let accounts = Accounts::new(
        db.clone(),
        clock.clone(),
        AccountsConfig::new(b"test-secret-test-secret-test-secret!!".to_vec()),
    );
    let password = "correct horse battery staple";
    accounts
        .create_user("ada@example.com", password, "Ada", &[Role::Client])
        .await
        .unwrap();
    let session = accounts
        .login("ada@example.com", password, "10.0.0.1")
        .await
        .unwrap();
    assert!(
        accounts
            .login("ada@example.com", "wrong password!", "10.0.0.1")
            .await
            .is_err()
    );
    accounts
        .request_password_reset("ada@example.com", "10.0.0.1")
        .await
        .unwrap();
    for table in TABLES {
        assert!(rows(&db, table).await > 0, "{table}");
    }

    assert_eq!(accounts.prune_expired(clock.now()).await.unwrap(), 0);
    let refreshed = accounts.refresh(&session.refresh_token).await;
    assert!(refreshed.is_ok(), "a live token survives pruning");

    clock.advance(chrono::Duration::days(31));
    assert!(accounts.prune_expired(clock.now()).await.unwrap() > 0);
    for table in TABLES {
        assert_eq!(rows(&db, table).await, 0, "{table}");
    }
    assert_eq!(accounts.prune_expired(clock.now()).await.unwrap(), 0);
}
