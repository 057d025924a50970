//! Bulk loading for the contexts' seeding functions: multi-row `INSERT`s cut to stay
//! under each engine's bind-parameter limit, time-ordered ids for rows dated in the past,
//! and the audit rows of transitions that seeded objects went through. Each context
//! calls these on its own tables only; the application's own writes never use them.

use openlance_core::Result;
use openlance_core::transition::State;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AssertSqlSafe, Row};

use crate::transition::Machine;
use crate::{Backend, Db, Tx};

/// Prepares the database for a bulk load by this process. On SQLite, the writer
/// connection gets a 256 MiB page cache (the default 2 MiB rereads index pages from the
/// file at every insert) and stops syncing to disk: a crash mid-load can leave the file
/// damaged, so load into a new database. The connection keeps these settings until it
/// closes; a server opens its own.
pub async fn prepare(db: &Db) -> Result<()> {
    if db.backend() == Backend::Sqlite {
        sqlx::raw_sql("PRAGMA cache_size = -262144; PRAGMA synchronous = OFF;")
            .execute(db.writer())
            .await?;
    }
    Ok(())
}

/// A transaction for a batch of a bulk load. On PostgreSQL its commit does not wait for
/// the write-ahead log to reach the disk (`synchronous_commit = off`): a crash loses the
/// last batches, never consistency.
pub async fn begin(db: &Db) -> Result<Tx> {
    let mut tx = db.begin().await?;
    if tx.backend() == Backend::Postgres {
        sqlx::raw_sql("SET LOCAL synchronous_commit = off")
            .execute(tx.conn())
            .await?;
    }
    Ok(tx)
}

/// One statement of a bulk insert, ready for its rows' values.
pub type BulkQuery = Query<'static, Any, AnyArguments>;

/// Rows per statement, at most: more saves little once a statement's parsing is
/// amortised, and keeps each statement's arguments small.
const MAX_ROWS: usize = 1_000;

/// How many rows of `columns` columns fit in one statement on `backend`
/// (SQLite allows 32,766 parameters, PostgreSQL 65,535).
pub fn rows_per_statement(backend: Backend, columns: usize) -> usize {
    let limit = match backend {
        Backend::Sqlite => 32_766,
        Backend::Postgres => 65_535,
    };
    (limit / columns.max(1)).clamp(1, MAX_ROWS)
}

/// `INSERT INTO table (columns) VALUES ($1, …), (…)` for `rows` rows. SQLite gets
/// anonymous `?` parameters: for a numbered one it looks the number up in a list it walks
/// from the start, which made each statement of thousands of values quadratic (measured:
/// 80% of a bulk load's time in `sqlite3_bind_parameter_name`).
fn insert_sql(backend: Backend, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = String::with_capacity(64 + rows * columns.len() * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..columns.len() {
            if col > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    n += 1;
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Inserts `rows` into `table` in as few statements as the parameter limit allows;
/// `bind` binds one row's values, in the order of `columns`. Returns the rows written.
pub async fn insert<T>(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: Vec<T>,
    bind: impl Fn(BulkQuery, T) -> BulkQuery,
) -> Result<u64> {
    let backend = tx.backend();
    let per = rows_per_statement(backend, columns.len());
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    let mut full_sql: Option<String> = None;
    while rows.peek().is_some() {
        let chunk: Vec<T> = rows.by_ref().take(per).collect();
        let sql = if chunk.len() == per {
            full_sql
                .get_or_insert_with(|| insert_sql(backend, table, columns, per))
                .clone()
        } else {
            insert_sql(backend, table, columns, chunk.len())
        };
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            query = bind(query, row);
        }
        written += query.execute(tx.conn()).await?.rows_affected();
    }
    Ok(written)
}

/// A time-ordered (version 7) id for a row created at `micros` since the epoch, so a
/// seeded row's id sorts with its creation time like the application's own ids.
pub fn id_at(micros: i64) -> uuid::Uuid {
    let millis = u64::try_from(micros.div_euclid(1_000)).unwrap_or(0);
    let random: [u8; 10] = rand::random();
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

/// A transition a seeded object went through, for its audit table.
#[derive(Clone, Debug)]
pub struct PastMove<S> {
    pub id: String,
    pub from: S,
    pub to: S,
    pub actor: Option<String>,
    pub reason: Option<String>,
    pub at: i64,
}

/// Writes the audit rows of transitions seeded objects went through (their rows already
/// hold the final state). Each move must be one the machine allows.
pub async fn insert_moves<S: State>(
    tx: &mut Tx,
    machine: &Machine<S>,
    moves: Vec<PastMove<S>>,
) -> Result<u64> {
    for mv in &moves {
        machine.moves.check(mv.from, mv.to)?;
    }
    let columns = [
        "id",
        "subject_id",
        "from_status",
        "to_status",
        "actor_id",
        "reason",
        "occurred_at",
    ];
    insert(tx, machine.transitions, &columns, moves, |q, mv| {
        q.bind(id_at(mv.at).to_string())
            .bind(mv.id)
            .bind(mv.from.as_str())
            .bind(mv.to.as_str())
            .bind(mv.actor)
            .bind(mv.reason)
            .bind(mv.at)
    })
    .await
}

/// Ends a bulk load: fresh planner statistics for the tables it filled (`ANALYZE`), so the
/// first queries after the load get the plans the data calls for. On PostgreSQL a `VACUUM`
/// too: otherwise the first query to read each freshly written page sets its hint bits and
/// writes it back (measured: a search reading 14,000 pages took 770 ms instead of 21 ms),
/// and GIN indexes keep the load's entries in their pending lists.
///
/// PostgreSQL's empty tables are left alone: statistics taken of an empty table say it is
/// empty, and the planner keeps believing them while it fills. A burst of orders right after
/// a load drained its events at ~600 a second with the queue tables analyzed empty, ~1,700
/// with statistics that had seen rows. (SQLite's `ANALYZE` records nothing for an empty
/// table.)
pub async fn finish(db: &Db) -> Result<()> {
    match db.backend() {
        Backend::Sqlite => {
            sqlx::raw_sql("ANALYZE").execute(db.writer()).await?;
        }
        Backend::Postgres => {
            let tables = sqlx::query(
                "SELECT format('%I', tablename) AS name FROM pg_tables \
                 WHERE schemaname = current_schema() ORDER BY tablename",
            )
            .fetch_all(db.writer())
            .await?;
            let mut filled = Vec::new();
            for table in &tables {
                let name: String = table.try_get("name")?;
                let probe = format!("SELECT COUNT(*) AS n FROM (SELECT 1 FROM {name} LIMIT 1) t");
                let row = sqlx::query(AssertSqlSafe(probe))
                    .fetch_one(db.writer())
                    .await?;
                if row.try_get::<i64, _>("n")? > 0 {
                    filled.push(name);
                }
            }
            if !filled.is_empty() {
                let vacuum = format!("VACUUM ANALYZE {}", filled.join(", "));
                sqlx::raw_sql(AssertSqlSafe(vacuum))
                    .execute(db.writer())
                    .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_each_engines_parameter_limit() {
        assert_eq!(rows_per_statement(Backend::Sqlite, 15), 1_000);
        assert_eq!(rows_per_statement(Backend::Sqlite, 40), 819);
        assert_eq!(rows_per_statement(Backend::Postgres, 40), 1_000);
        assert_eq!(rows_per_statement(Backend::Postgres, 100), 655);
        assert_eq!(
            insert_sql(Backend::Postgres, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            insert_sql(Backend::Sqlite, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }

    #[test]
    fn ids_sort_with_their_time() {
        let earlier = id_at(1_700_000_000_000_000);
        let later = id_at(1_700_000_000_001_000);
        assert!(earlier < later);
        assert_eq!(earlier.get_version_num(), 7);
    }
}
