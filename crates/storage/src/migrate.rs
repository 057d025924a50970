//! The migration runner. Each context owns its migrations (a static list in its crate);
//! the binary applies all of them in order at start-up of the embedded default and on
//! `openlance migrate`. Applied ids are recorded in `schema_migrations`; a PostgreSQL
//! advisory lock keeps two instances from migrating at once.

use sqlx::{AssertSqlSafe, Row};

use crate::{Backend, Db, StorageError};

/// One schema change. Most are the same SQL on both engines; where they differ, each
/// engine gets its own text.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Unique and ordered within its context, e.g. `accounts/0001_users`.
    pub id: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Migration {
    /// A migration whose SQL both engines accept.
    pub const fn portable(id: &'static str, sql: &'static str) -> Self {
        Self {
            id,
            sqlite: sql,
            postgres: sql,
        }
    }

    /// A migration with nothing to do on SQLite (a PostgreSQL index or planner setting).
    pub const fn postgres_only(id: &'static str, sql: &'static str) -> Self {
        Self {
            id,
            sqlite: "SELECT 1",
            postgres: sql,
        }
    }

    fn sql(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }
}

const LOCK_KEY: i64 = 0x6f70_656e_6c61; // "openla"

impl Db {
    /// Applies every migration not yet applied, in the order given. Returns the ids applied.
    pub async fn migrate(
        &self,
        migrations: &[Migration],
    ) -> Result<Vec<&'static str>, StorageError> {
        let mut conn = self
            .writer()
            .acquire()
            .await
            .map_err(StorageError::Connect)?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(LOCK_KEY)
                .execute(&mut *conn)
                .await?;
        }
        let result = async {
            sqlx::query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            )
            .execute(&mut *conn)
            .await?;
            let rows = sqlx::query("SELECT id FROM schema_migrations").fetch_all(&mut *conn).await?;
            let done: Vec<String> = rows
                .iter()
                .map(|r| r.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?;
            let mut applied = Vec::new();
            for m in migrations {
                if done.iter().any(|d| d == m.id) {
                    continue;
                }
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                let run = sqlx::raw_sql(AssertSqlSafe(m.sql(self.backend()))).execute(&mut *tx).await;
                run.map_err(|source| StorageError::Migration { id: m.id.to_string(), source })?;
                sqlx::query("INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)")
                    .bind(m.id)
                    .bind(chrono_now_micros())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!(migration = m.id, "applied migration");
                applied.push(m.id);
            }
            Ok::<_, StorageError>(applied)
        }
        .await;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(LOCK_KEY)
                .execute(&mut *conn)
                .await?;
        }
        result
    }
}

fn chrono_now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}
