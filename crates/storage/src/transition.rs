//! The database step of a state transition: a conditional update of the object's
//! `status` column (`WHERE status = $from`, so of two racing moves exactly one wins) and an
//! audit row in the context's own transitions table, both in the caller's transaction.
//! Which moves are allowed is the machine's [`Moves`] table in `openlance_core::transition`.
//!
//! A context declares one [`Machine`] per state machine; its migration creates the
//! transitions table with the columns `id, subject_id, from_status, to_status, actor_id,
//! reason, occurred_at`.

use openlance_core::transition::{Moves, State, refused};
use openlance_core::{DomainError, Result};
use sqlx::{AssertSqlSafe, Row};

use crate::Tx;

/// Where one machine's objects and its audit trail live.
#[derive(Debug)]
pub struct Machine<S: 'static> {
    /// The table of the objects, with `id` and `status` columns.
    pub table: &'static str,
    /// The audit table (one row per transition).
    pub transitions: &'static str,
    pub moves: Moves<S>,
}

/// One requested move.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a, S> {
    pub id: &'a str,
    pub to: S,
    /// Who asked for it (a user id); `None` for the system (a timer, a webhook).
    pub actor: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// Microseconds since the epoch.
    pub at: i64,
}

/// A transition that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved<S> {
    pub from: S,
    pub to: S,
}

/// Moves the object `mv.id` of `machine` to `mv.to` if its current state allows it.
/// `NotFound` when there is no such object; a 409 naming the current state when the move is
/// not allowed, including when a concurrent transaction moved it first.
pub async fn apply<S: State>(
    tx: &mut Tx,
    machine: &Machine<S>,
    mv: Move<'_, S>,
) -> Result<Moved<S>> {
    let from = current(tx, machine, mv.id).await?;
    machine.moves.check(from, mv.to)?;
    let update = format!(
        "UPDATE {} SET status = $1 WHERE id = $2 AND status = $3",
        machine.table
    );
    let done = sqlx::query(AssertSqlSafe(update))
        .bind(mv.to.as_str())
        .bind(mv.id)
        .bind(from.as_str())
        .execute(tx.conn())
        .await?;
    if done.rows_affected() != 1 {
        // Another transaction moved it between our read and our update.
        return Err(refused(current(tx, machine, mv.id).await?, mv.to));
    }
    let audit = format!(
        "INSERT INTO {} (id, subject_id, from_status, to_status, actor_id, reason, occurred_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        machine.transitions
    );
    sqlx::query(AssertSqlSafe(audit))
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(mv.id)
        .bind(from.as_str())
        .bind(mv.to.as_str())
        .bind(mv.actor)
        .bind(mv.reason)
        .bind(mv.at)
        .execute(tx.conn())
        .await?;
    Ok(Moved { from, to: mv.to })
}

async fn current<S: State>(tx: &mut Tx, machine: &Machine<S>, id: &str) -> Result<S> {
    let select = format!("SELECT status FROM {} WHERE id = $1", machine.table);
    let row = sqlx::query(AssertSqlSafe(select))
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(DomainError::NotFound(S::NOUN))?;
    let text: String = row.try_get("status")?;
    S::parse(&text)
        .ok_or_else(|| DomainError::internal(format!("unknown {} status {text}", S::NOUN)))
}

/// One recorded transition, oldest first in [`history`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded<S> {
    pub from: S,
    pub to: S,
    pub actor: Option<String>,
    pub reason: Option<String>,
    pub at: i64,
}

/// The audit trail of one object, oldest first.
pub async fn history<S: State>(
    tx: &mut Tx,
    machine: &Machine<S>,
    id: &str,
) -> Result<Vec<Recorded<S>>> {
    let select = format!(
        "SELECT from_status, to_status, actor_id, reason, occurred_at FROM {} \
         WHERE subject_id = $1 ORDER BY occurred_at, id",
        machine.transitions
    );
    let rows = sqlx::query(AssertSqlSafe(select))
        .bind(id)
        .fetch_all(tx.conn())
        .await?;
    rows.iter()
        .map(|row| {
            let state = |col: &str| -> Result<S> {
                let text: String = row.try_get(col)?;
                S::parse(&text).ok_or_else(|| DomainError::internal(format!("bad status {text}")))
            };
            Ok(Recorded {
                from: state("from_status")?,
                to: state("to_status")?,
                actor: row.try_get("actor_id")?,
                reason: row.try_get("reason")?,
                at: row.try_get("occurred_at")?,
            })
        })
        .collect()
}
