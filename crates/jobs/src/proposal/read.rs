//! Reading proposals: the author sees their own, the job's owner sees the job's; anyone
//! else gets a 404.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use openlance_storage::{Row, Tx};
use sqlx::AssertSqlSafe;

use super::{COLUMNS, Proposal, from_row};
use crate::{JobId, Jobs, ProposalId};

/// Lists hold at most this many proposals, oldest first.
const MAX_LISTED: i64 = 500;

/// A proposal with the owner of its job.
pub(crate) struct Seen {
    pub proposal: Proposal,
    pub client_id: UserId,
}

impl Seen {
    fn visible_to(&self, caller: UserId) -> bool {
        self.proposal.freelancer_id == caller || self.client_id == caller
    }
}

async fn load<'c, E>(exec: E, id: ProposalId) -> Result<Option<Seen>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {COLUMNS}, j.client_id AS job_client_id FROM proposals p \
         JOIN jobs j ON j.id = p.job_id WHERE p.id = $1"
    );
    let Some(row) = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(exec)
        .await?
    else {
        return Ok(None);
    };
    let client: String = row.try_get("job_client_id")?;
    Ok(Some(Seen {
        proposal: from_row(&row)?,
        client_id: UserId::parse(&client)?,
    }))
}

/// The proposal inside a write transaction if `caller` may see it; 404 otherwise.
pub(crate) async fn visible_in_tx(tx: &mut Tx, id: ProposalId, caller: UserId) -> Result<Seen> {
    match load(tx.conn(), id).await? {
        Some(seen) if seen.visible_to(caller) => Ok(seen),
        _ => Err(DomainError::NotFound("proposal")),
    }
}

impl Jobs {
    /// A proposal, for its author or the owner of its job.
    pub async fn proposal(&self, caller: UserId, id: ProposalId) -> Result<Proposal> {
        match load(self.db.reader(), id).await? {
            Some(seen) if seen.visible_to(caller) => Ok(seen.proposal),
            _ => Err(DomainError::NotFound("proposal")),
        }
    }

    /// The proposals on a job, oldest first, for the job's owner only (404 for anyone else).
    pub async fn job_proposals(&self, caller: UserId, job_id: JobId) -> Result<Vec<Proposal>> {
        let job = self.job(job_id).await?;
        if job.client_id != caller {
            return Err(DomainError::NotFound("job"));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM proposals p WHERE p.job_id = $1 \
             ORDER BY p.created_at, p.id LIMIT {MAX_LISTED}"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(job_id.to_string())
            .fetch_all(self.db.reader())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The caller's own proposals, newest first.
    pub async fn freelancer_proposals(&self, freelancer: UserId) -> Result<Vec<Proposal>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM proposals p WHERE p.freelancer_id = $1 \
             ORDER BY p.created_at DESC, p.id DESC LIMIT {MAX_LISTED}"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(freelancer.to_string())
            .fetch_all(self.db.reader())
            .await?;
        rows.iter().map(from_row).collect()
    }
}
