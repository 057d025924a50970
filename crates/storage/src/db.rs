//! Pool setup. SQLite gets a single-writer pool (one connection, so writers queue in
//! the pool instead of sleeping in SQLite's busy handler) and a separate reader pool;
//! WAL lets readers run beside the writer. PostgreSQL uses one pool for both.
//!
//! The handle also carries the "events committed" signal: a transaction that wrote outbox
//! events wakes the relay when it commits, so no caller has to remember to.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Connection, Transaction};
use tokio::sync::Notify;

use crate::StorageError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StorageError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StorageError::UnsupportedUrl(redact(url)))
        }
    }
}

/// Pool sizes; the defaults suit a small machine.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    /// Connections for reads (and for everything on PostgreSQL).
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    /// Run on every new PostgreSQL connection, e.g. `SET search_path TO …` for tests.
    pub postgres_init: Option<String>,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
            postgres_init: None,
        }
    }
}

/// The database handle held by the application state. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    writer: AnyPool,
    reader: AnyPool,
    backend: Backend,
    /// Notified after a commit of a transaction that wrote events.
    events: Arc<Notify>,
}

/// A database transaction. Contexts take `&mut Tx` in their interfaces so that a
/// caller's writes and theirs commit or roll back together.
pub struct Tx {
    inner: Transaction<'static, Any>,
    backend: Backend,
    events: Arc<Notify>,
    wrote_events: bool,
}

impl Tx {
    /// The connection to run queries on, inside this transaction.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Records that this transaction wrote outbox events: committing it wakes the relay.
    pub fn mark_events_written(&mut self) {
        self.wrote_events = true;
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await?;
        if self.wrote_events {
            // `notify_one` keeps a permit when the relay is busy, so a commit that lands
            // mid-round still triggers the next round.
            self.events.notify_one();
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.inner.rollback().await
    }
}

/// How long a PostgreSQL connection may sit idle before it is pinged at checkout.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

const SQLITE_INIT: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
    PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

impl Db {
    /// Connects to `sqlite:…` or `postgres://…`. For SQLite the file is created if missing.
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Self, StorageError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Sqlite => {
                let url = sqlite_url(url);
                let writer = sqlite_pool(&url, 1, settings).await?;
                let reader = sqlite_pool(&url, settings.max_connections.max(1), settings).await?;
                Ok(Self {
                    writer,
                    reader,
                    backend,
                    events: Arc::default(),
                })
            }
            Backend::Postgres => {
                let init = settings.postgres_init.clone();
                let pool = AnyPoolOptions::new()
                    .max_connections(settings.max_connections.max(2))
                    .acquire_timeout(settings.acquire_timeout)
                    // A connection used a moment ago is live: ping only those idle for a
                    // while (a restarted server, a dropped link), not before every checkout
                    // — under load that ping was a round trip per request.
                    .test_before_acquire(false)
                    .before_acquire(|conn, meta| {
                        Box::pin(async move {
                            if meta.idle_for > IDLE_BEFORE_PING {
                                conn.ping().await?;
                            }
                            Ok(true)
                        })
                    })
                    .after_connect(move |conn, _| {
                        let init = init.clone();
                        Box::pin(async move {
                            if let Some(sql) = init {
                                sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                                    .execute(&mut *conn)
                                    .await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await
                    .map_err(StorageError::Connect)?;
                Ok(Self {
                    writer: pool.clone(),
                    reader: pool,
                    backend,
                    events: Arc::default(),
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx {
            inner: self.writer.begin().await?,
            backend: self.backend,
            events: self.events.clone(),
            wrote_events: false,
        })
    }

    /// Notified each time a transaction that wrote events commits (the relay waits on it).
    pub fn events_committed(&self) -> Arc<Notify> {
        self.events.clone()
    }

    /// The pool for reads that need no transaction.
    pub fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// The pool for single-statement writes outside a transaction.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Readiness: the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let mut conn = self.reader.acquire().await?;
        conn.ping().await
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

async fn sqlite_pool(
    url: &str,
    max: u32,
    settings: &PoolSettings,
) -> Result<AnyPool, StorageError> {
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        // A connection to a local file does not go stale: no ping before each checkout.
        .test_before_acquire(false)
        .acquire_timeout(settings.acquire_timeout)
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::raw_sql(SQLITE_INIT).execute(&mut *conn).await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(StorageError::Connect)
}

/// Ensures the SQLite file is created when missing (`mode=rwc`).
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// A URL safe to print: the password, if any, replaced by `***`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
        assert!(Backend::from_url("mysql://x").is_err());
    }
}
