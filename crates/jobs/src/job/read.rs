//! Reading jobs: one by id, and a client's own.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use openlance_storage::Tx;
use sqlx::AssertSqlSafe;

use super::{COLUMNS, Job, from_row};
use crate::{JobId, Jobs};

/// A client's jobs are listed newest first, at most this many.
pub(crate) const MAX_LISTED: i64 = 500;

impl Jobs {
    /// A job by id, whatever its state (any signed-in user may read a job).
    pub async fn job(&self, id: JobId) -> Result<Job> {
        let sql = format!("SELECT {COLUMNS} FROM jobs j WHERE j.id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(self.db.reader())
            .await?
            .ok_or(DomainError::NotFound("job"))?;
        from_row(&row)
    }

    /// The client's own jobs, newest first (at most 500).
    pub async fn client_jobs(&self, client: UserId) -> Result<Vec<Job>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM jobs j WHERE j.client_id = $1 ORDER BY j.seq DESC LIMIT {MAX_LISTED}"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(client.to_string())
            .fetch_all(self.db.reader())
            .await?;
        rows.iter().map(from_row).collect()
    }
}

/// The job inside a write transaction; `NotFound` when there is none.
pub(crate) async fn in_tx(tx: &mut Tx, id: JobId) -> Result<Job> {
    let sql = format!("SELECT {COLUMNS} FROM jobs j WHERE j.id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or(DomainError::NotFound("job"))?;
    from_row(&row)
}

/// The job if `caller` owns it; another client's job is a 404.
pub(crate) async fn owned(tx: &mut Tx, id: JobId, caller: UserId) -> Result<Job> {
    let job = in_tx(tx, id).await?;
    if job.client_id != caller {
        return Err(DomainError::NotFound("job"));
    }
    Ok(job)
}
