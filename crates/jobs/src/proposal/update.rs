//! Updating a pending proposal by its author.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};

use super::{NewProposal, Proposal, ProposalStatus, to_json};
use crate::{Jobs, ProposalId};

impl Jobs {
    /// Replaces a PENDING proposal's cover letter, duration, milestones and attachments.
    /// Only its author may (the job's owner gets a 403, anyone else a 404); a proposal
    /// that is no longer pending is a 409.
    pub async fn update_proposal(
        &self,
        caller: UserId,
        id: ProposalId,
        changes: NewProposal,
    ) -> Result<Proposal> {
        changes.check(self.clock.now().date_naive())?;
        let mut tx = self.db.begin().await?;
        let seen = super::read::visible_in_tx(&mut tx, id, caller).await?;
        if seen.proposal.freelancer_id != caller {
            return Err(DomainError::Forbidden(
                "only its author may change a proposal".into(),
            ));
        }
        let refused = |status: ProposalStatus| {
            DomainError::conflict(
                "proposal_not_pending",
                format!(
                    "this proposal is {}; only a pending proposal can be changed",
                    status.as_str()
                ),
            )
        };
        if seen.proposal.status != ProposalStatus::Pending {
            return Err(refused(seen.proposal.status));
        }
        let now = self.clock.now();
        let done = sqlx::query(
            "UPDATE proposals SET cover_letter = $1, duration = $2, milestones = $3, \
             attachments = $4, modified_at = $5 WHERE id = $6 AND status = 'PENDING'",
        )
        .bind(changes.cover_letter.trim())
        .bind(changes.duration.as_str())
        .bind(to_json(&changes.milestones)?)
        .bind(to_json(&changes.attachments)?)
        .bind(openlance_core::time::to_micros(now))
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
        if done.rows_affected() != 1 {
            return Err(DomainError::conflict(
                "proposal_not_pending",
                "this proposal is no longer pending",
            ));
        }
        tx.commit().await?;
        Ok(Proposal {
            cover_letter: changes.cover_letter.trim().to_string(),
            duration: changes.duration,
            milestones: changes.milestones,
            attachments: changes.attachments,
            modified_at: now,
            ..seen.proposal
        })
    }
}
