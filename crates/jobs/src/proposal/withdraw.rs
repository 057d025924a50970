//! Withdrawing a pending proposal by its author.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::transition::{self, Move};

use super::{MACHINE, Proposal, ProposalStatus};
use crate::events::ProposalWithdrawn;
use crate::{Jobs, ProposalId};

impl Jobs {
    /// PENDING → WITHDRAWN, by the author only (the job's owner gets a 403, anyone else
    /// a 404). The freelancer may then propose on the job again.
    pub async fn withdraw_proposal(&self, caller: UserId, id: ProposalId) -> Result<Proposal> {
        let mut tx = self.db.begin().await?;
        let seen = super::read::visible_in_tx(&mut tx, id, caller).await?;
        if seen.proposal.freelancer_id != caller {
            return Err(DomainError::Forbidden(
                "only its author may withdraw a proposal".into(),
            ));
        }
        let id_text = id.to_string();
        let actor = caller.to_string();
        let now = self.now_micros();
        transition::apply(
            &mut tx,
            &MACHINE,
            Move {
                id: &id_text,
                to: ProposalStatus::Withdrawn,
                actor: Some(&actor),
                reason: None,
                at: now,
            },
        )
        .await?;
        sqlx::query("UPDATE proposals SET modified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id_text)
            .execute(tx.conn())
            .await?;
        let withdrawn = ProposalWithdrawn {
            proposal_id: id_text,
            job_id: seen.proposal.job_id.to_string(),
            client_id: seen.client_id.to_string(),
            freelancer_id: actor,
        };
        outbox::append(&mut tx, &Event::of(&withdrawn, self.clock.now())).await?;
        tx.commit().await?;
        Ok(Proposal {
            status: ProposalStatus::Withdrawn,
            modified_at: self.clock.now(),
            ..seen.proposal
        })
    }
}
