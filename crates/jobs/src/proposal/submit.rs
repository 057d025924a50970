//! Proposing on a job.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Event, Result};

use super::{NewProposal, Proposal, ProposalStatus, to_json};
use crate::events::ProposalReceived;
use crate::job::JobStatus;
use crate::{JobId, Jobs, ProposalId};

impl Jobs {
    /// A freelancer's PENDING proposal on an OPEN job that is not their own. A second live
    /// proposal by the same freelancer on the same job is a 409 (a unique index decides,
    /// so two racing submissions cannot both succeed).
    pub async fn submit_proposal(
        &self,
        freelancer: UserId,
        job_id: JobId,
        new: NewProposal,
    ) -> Result<Proposal> {
        new.check(self.clock.now().date_naive())?;
        let mut tx = self.db.begin().await?;
        let job = crate::job::read::in_tx(&mut tx, job_id).await?;
        if job.client_id == freelancer {
            return Err(DomainError::unprocessable(
                "own_job",
                "you cannot propose on your own job",
            ));
        }
        if job.status != JobStatus::Open {
            return Err(DomainError::conflict(
                "job_not_open",
                format!("this job is {}; it takes no proposals", job.status.as_str()),
            ));
        }
        // Lock the job's row while it is still OPEN, so an accept or a close committing
        // meanwhile cannot leave this proposal PENDING on a job that no longer is (on
        // PostgreSQL this waits for it and then finds the job moved).
        let locked = sqlx::query(
            "UPDATE jobs SET modified_at = modified_at WHERE id = $1 AND status = 'OPEN'",
        )
        .bind(job_id.to_string())
        .execute(tx.conn())
        .await?;
        if locked.rows_affected() != 1 {
            return Err(DomainError::conflict(
                "job_not_open",
                "this job is no longer open",
            ));
        }
        let now = self.now_micros();
        let proposal = Proposal {
            id: ProposalId::new(),
            job_id,
            freelancer_id: freelancer,
            cover_letter: new.cover_letter.trim().to_string(),
            duration: new.duration,
            milestones: new.milestones,
            attachments: new.attachments,
            status: ProposalStatus::Pending,
            created_at: from_micros(now),
            modified_at: from_micros(now),
        };
        sqlx::query(
            "INSERT INTO proposals (id, job_id, freelancer_id, cover_letter, duration, milestones, \
             attachments, status, created_at, modified_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $8)",
        )
        .bind(proposal.id.to_string())
        .bind(job_id.to_string())
        .bind(freelancer.to_string())
        .bind(&proposal.cover_letter)
        .bind(proposal.duration.as_str())
        .bind(to_json(&proposal.milestones)?)
        .bind(to_json(&proposal.attachments)?)
        .bind(now)
        .execute(tx.conn())
        .await
        .map_err(|e| match DomainError::from(e) {
            DomainError::Conflict { .. } => DomainError::conflict(
                "proposal_exists",
                "you already have a live proposal on this job; update or withdraw it",
            ),
            other => other,
        })?;
        let received = ProposalReceived {
            proposal_id: proposal.id.to_string(),
            job_id: job_id.to_string(),
            client_id: job.client_id.to_string(),
            freelancer_id: freelancer.to_string(),
        };
        outbox::append(&mut tx, &Event::of(&received, self.clock.now())).await?;
        tx.commit().await?;
        Ok(proposal)
    }
}
