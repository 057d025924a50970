//! Accepting a proposal: in ONE transaction the job becomes FILLED, the proposal
//! ACCEPTED, the job's other pending proposals REJECTED, and the contract is opened
//! through the contracts context's interface ([`ContractOpener`]) on the same
//! transaction — so the answer, and the next read, already see the contract. The job's
//! row moves first (a conditional update), so of two concurrent accepts on one job exactly
//! one wins and the other is a 409; any failure, the opener's included, rolls it all back.

use async_trait::async_trait;
use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Money, Result};
use openlance_storage::Tx;
use openlance_storage::transition::{self, Move};
use sqlx::Row;

use crate::events::{ProposalAccepted, ProposalRejected};
use crate::job::{self, Job, JobStatus};
use crate::proposal::{self, Proposal, ProposalStatus};
use crate::{JobId, Jobs, ProposalId};

/// The contracts context's side of accepting a proposal.
#[async_trait]
pub trait ContractOpener: Send + Sync {
    /// Creates the contract (one OPEN milestone per proposed milestone, in order) inside
    /// `tx`; returns its id.
    async fn open_contract(&self, tx: &mut Tx, accepted: &AcceptedProposal) -> Result<String>;
}

/// What the contracts context needs to open a contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedProposal {
    pub job_id: JobId,
    pub job_title: String,
    pub proposal_id: ProposalId,
    pub client_id: UserId,
    pub freelancer_id: UserId,
    pub milestones: Vec<ProposedMilestone>,
}

/// One milestone of the accepted proposal, in the proposal's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposedMilestone {
    pub description: String,
    pub amount: Money,
    pub due_date: chrono::NaiveDate,
}

/// The outcome of an accept.
#[derive(Clone, Debug)]
pub struct Acceptance {
    pub job: Job,
    pub proposal: Proposal,
    pub contract_id: String,
}

impl Jobs {
    /// The job's owner accepts a PENDING proposal on their OPEN job. Another client's job
    /// (or a proposal of another job) is a 404; a job that is not open or a proposal that
    /// is not pending is a 409.
    pub async fn accept_proposal(
        &self,
        caller: UserId,
        job_id: JobId,
        proposal_id: ProposalId,
        opener: &dyn ContractOpener,
    ) -> Result<Acceptance> {
        let mut tx = self.db.begin().await?;
        let mut job = job::read::owned(&mut tx, job_id, caller).await?;
        let seen = proposal::read::visible_in_tx(&mut tx, proposal_id, caller).await?;
        let mut accepted = seen.proposal;
        if accepted.job_id != job_id {
            return Err(DomainError::NotFound("proposal"));
        }
        let now = self.now_micros();
        let actor = caller.to_string();
        let job_text = job_id.to_string();
        let proposal_text = proposal_id.to_string();
        let job_move = Move {
            id: &job_text,
            to: JobStatus::Filled,
            actor: Some(&actor),
            reason: None,
            at: now,
        };
        transition::apply(&mut tx, &job::MACHINE, job_move)
            .await
            .map_err(|e| match e {
                DomainError::Conflict { .. } => DomainError::conflict(
                    "job_not_open",
                    "this job is no longer open: a proposal was accepted or it was closed",
                ),
                other => other,
            })?;
        let proposal_move = Move {
            id: &proposal_text,
            to: ProposalStatus::Accepted,
            actor: Some(&actor),
            reason: None,
            at: now,
        };
        transition::apply(&mut tx, &proposal::MACHINE, proposal_move).await?;
        let others = sqlx::query(
            "SELECT id, freelancer_id FROM proposals WHERE job_id = $1 AND status = 'PENDING' AND id <> $2",
        )
        .bind(&job_text)
        .bind(&proposal_text)
        .fetch_all(tx.conn())
        .await?;
        let at = self.clock.now();
        for row in &others {
            let other: String = row.try_get("id")?;
            let freelancer: String = row.try_get("freelancer_id")?;
            let reject = Move {
                id: &other,
                to: ProposalStatus::Rejected,
                actor: Some(&actor),
                reason: Some("another proposal was accepted"),
                at: now,
            };
            transition::apply(&mut tx, &proposal::MACHINE, reject).await?;
            let rejected = ProposalRejected {
                proposal_id: other,
                job_id: job_text.clone(),
                freelancer_id: freelancer,
            };
            outbox::append(&mut tx, &Event::of(&rejected, at)).await?;
        }
        sqlx::query("UPDATE proposals SET modified_at = $1 WHERE job_id = $2 AND status <> 'WITHDRAWN' AND modified_at < $1")
            .bind(now)
            .bind(&job_text)
            .execute(tx.conn())
            .await?;
        sqlx::query("UPDATE jobs SET modified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&job_text)
            .execute(tx.conn())
            .await?;
        let opening = AcceptedProposal {
            job_id,
            job_title: job.title.clone(),
            proposal_id,
            client_id: caller,
            freelancer_id: accepted.freelancer_id,
            milestones: accepted
                .milestones
                .iter()
                .map(|m| ProposedMilestone {
                    description: m.description.clone(),
                    amount: m.amount,
                    due_date: m.due_date,
                })
                .collect(),
        };
        let contract_id = opener.open_contract(&mut tx, &opening).await?;
        let event = ProposalAccepted {
            proposal_id: proposal_text,
            job_id: job_text,
            client_id: actor,
            freelancer_id: accepted.freelancer_id.to_string(),
            contract_id: contract_id.clone(),
        };
        outbox::append(&mut tx, &Event::of(&event, at)).await?;
        tx.commit().await?;
        job.status = JobStatus::Filled;
        job.modified_at = at;
        accepted.status = ProposalStatus::Accepted;
        accepted.modified_at = at;
        Ok(Acceptance {
            job,
            proposal: accepted,
            contract_id,
        })
    }
}
