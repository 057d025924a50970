//! Fresh databases for tests. Without `OPENLANCE_TEST_DATABASE_URL` each test gets its
//! own SQLite file; with a `postgres://` URL there each test gets its own schema in that
//! database, so tests run in parallel on both engines. An unreachable PostgreSQL fails
//! the test loudly instead of skipping it.

use std::path::PathBuf;

use crate::{Backend, Db, Migration, PoolSettings};

/// A database that exists for one test; its SQLite file is removed on drop.
pub struct TestDb {
    pub db: Db,
    file: Option<PathBuf>,
}

impl TestDb {
    /// A migrated database for one test.
    pub async fn new(migrations: &[Migration]) -> Self {
        let (db, file) = match std::env::var("OPENLANCE_TEST_DATABASE_URL") {
            Ok(url) if matches!(Backend::from_url(&url), Ok(Backend::Postgres)) => {
                (postgres_schema(&url).await, None)
            }
            Ok(url) if !url.is_empty() && !url.starts_with("sqlite:") => {
                panic!("OPENLANCE_TEST_DATABASE_URL must be sqlite:… or postgres://…, got {url}")
            }
            _ => {
                let path = std::env::temp_dir()
                    .join(format!("openlance-test-{}.db", uuid::Uuid::now_v7()));
                let url = format!("sqlite://{}", path.display());
                let db = Db::connect(&url, &PoolSettings::default())
                    .await
                    .unwrap_or_else(|e| panic!("cannot open test SQLite database {url}: {e}"));
                (db, Some(path))
            }
        };
        db.migrate(migrations)
            .await
            .unwrap_or_else(|e| panic!("test migrations failed: {e}"));
        Self { db, file }
    }
}

async fn postgres_schema(url: &str) -> Db {
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let admin = Db::connect(
        url,
        &PoolSettings {
            max_connections: 2,
            ..Default::default()
        },
    )
    .await
    .unwrap_or_else(|e| panic!("PostgreSQL at {} is unreachable: {e}", crate::redact(url)));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(admin.writer())
        .await
        .unwrap_or_else(|e| panic!("cannot create test schema: {e}"));
    admin.close().await;
    let settings = PoolSettings {
        max_connections: 8,
        postgres_init: Some(format!("SET search_path TO {schema}")),
        ..Default::default()
    };
    Db::connect(url, &settings)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL unreachable: {e}"))
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = &self.file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}
