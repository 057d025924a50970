//! Database access shared by every context: one [`Db`] handle over SQLite (the embedded
//! default) or PostgreSQL, chosen by URL scheme at run time; transactions ([`Tx`]) that a
//! context hands to another context's interface so related writes commit together; and
//! the migration runner for the migrations each context owns.
//!
//! Repositories write SQL that both engines accept (`$1` placeholders, `BIGINT`
//! microsecond timestamps, `TEXT` ids, `ON CONFLICT`, `RETURNING`) and branch on
//! [`Backend`] only where the engines truly differ.

pub mod bulk;
mod db;
mod migrate;
pub mod testing;
pub mod transition;

pub use db::{Backend, Db, PoolSettings, Tx, redact};
pub use migrate::Migration;
pub use sqlx::{Error as SqlError, Row, any::AnyRow};

/// Errors of pool setup and migration (runtime query errors become `DomainError`s).
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unsupported database URL '{0}': use sqlite:… or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("migration {id} failed: {source}")]
    Migration { id: String, source: sqlx::Error },
    #[error(transparent)]
    Query(#[from] sqlx::Error),
}
