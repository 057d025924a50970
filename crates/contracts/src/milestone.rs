//! Working a milestone: the freelancer progresses it (OPEN → IN_PROGRESS → IN_REVIEW),
//! the client evaluates it (IN_REVIEW → ACCEPTED, or back to IN_PROGRESS with a change
//! request). Accepting creates the milestone's payment request in the same transaction,
//! whether the client accepts or the review timer does.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Result};
use openlance_payments::NewPaymentRequest;
use openlance_storage::Tx;
use openlance_storage::transition::{self, Move};

use crate::events::{MilestoneAccepted, MilestoneChangesRequested, MilestoneSubmitted};
use crate::read::{load_contract, load_milestone};
use crate::states::MILESTONE;
use crate::{Contract, ContractStatus, Contracts, Milestone, MilestoneId, MilestoneStatus};

/// Longest change-request message kept.
const MAX_MESSAGE: usize = 5_000;

impl Contracts {
    /// The freelancer moves the milestone one step: OPEN → IN_PROGRESS, IN_PROGRESS →
    /// IN_REVIEW. Its client gets a 403, anyone else a 404; any other state is a 409.
    pub async fn progress_milestone(&self, caller: UserId, id: MilestoneId) -> Result<Milestone> {
        let mut tx = self.db.begin().await?;
        let (contract, milestone) = self.locked(&mut tx, caller, id).await?;
        if contract.freelancer_id != caller {
            return Err(DomainError::Forbidden(
                "only the contract's freelancer progresses a milestone".into(),
            ));
        }
        let to = match milestone.status {
            MilestoneStatus::Open => MilestoneStatus::InProgress,
            MilestoneStatus::InProgress => MilestoneStatus::InReview,
            other => {
                return Err(openlance_core::transition::refused(
                    other,
                    MilestoneStatus::InReview,
                ));
            }
        };
        let now = self.now_micros();
        self.move_milestone(&mut tx, id, to, Some(caller), None)
            .await?;
        if to == MilestoneStatus::InReview {
            sqlx::query("UPDATE milestones SET in_review_since = $1 WHERE id = $2")
                .bind(now)
                .bind(id.to_string())
                .execute(tx.conn())
                .await?;
            let event = MilestoneSubmitted {
                contract_id: contract.id.to_string(),
                milestone_id: id.to_string(),
                client_id: contract.client_id.to_string(),
                freelancer_id: contract.freelancer_id.to_string(),
            };
            outbox::append(&mut tx, &Event::of(&event, self.clock.now())).await?;
        }
        let milestone = load_milestone(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(milestone)
    }

    /// The client evaluates a milestone in review: `Accepted` (its payment request is
    /// created) or `InProgress` with an optional change-request message. Any other target
    /// is a 400; its freelancer gets a 403, anyone else a 404.
    pub async fn evaluate_milestone(
        &self,
        caller: UserId,
        id: MilestoneId,
        to: MilestoneStatus,
        message: Option<String>,
    ) -> Result<Milestone> {
        if !matches!(to, MilestoneStatus::Accepted | MilestoneStatus::InProgress) {
            return Err(DomainError::invalid(
                "evaluatedState",
                "must be ACCEPTED or IN_PROGRESS",
            ));
        }
        let message = message
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty());
        if message
            .as_ref()
            .is_some_and(|m| m.chars().count() > MAX_MESSAGE)
        {
            return Err(DomainError::invalid(
                "message",
                format!("must be at most {MAX_MESSAGE} characters"),
            ));
        }
        let mut tx = self.db.begin().await?;
        let (contract, milestone) = self.locked(&mut tx, caller, id).await?;
        if contract.client_id != caller {
            return Err(DomainError::Forbidden(
                "only the contract's client evaluates a milestone".into(),
            ));
        }
        if to == MilestoneStatus::Accepted {
            self.accept_in(&mut tx, &contract, &milestone, Some(caller))
                .await?;
        } else {
            self.move_milestone(&mut tx, id, to, Some(caller), message.as_deref())
                .await?;
            let event = MilestoneChangesRequested {
                contract_id: contract.id.to_string(),
                milestone_id: id.to_string(),
                client_id: contract.client_id.to_string(),
                freelancer_id: contract.freelancer_id.to_string(),
                message: message.unwrap_or_default(),
            };
            outbox::append(&mut tx, &Event::of(&event, self.clock.now())).await?;
        }
        let milestone = load_milestone(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(milestone)
    }

    /// IN_REVIEW → ACCEPTED and the milestone's payment request, in `tx`. `actor` is the
    /// client, or `None` for the review timer.
    pub(crate) async fn accept_in(
        &self,
        tx: &mut Tx,
        contract: &Contract,
        milestone: &Milestone,
        actor: Option<UserId>,
    ) -> Result<()> {
        let reason = actor
            .is_none()
            .then_some("accepted automatically after the review period");
        self.move_milestone(tx, milestone.id, MilestoneStatus::Accepted, actor, reason)
            .await?;
        let request = self
            .payments
            .create_payment_request(
                tx,
                NewPaymentRequest {
                    client_id: contract.client_id,
                    freelancer_id: contract.freelancer_id,
                    contract_id: contract.id.to_string(),
                    milestone_id: milestone.id.to_string(),
                    amount: milestone.amount,
                    description: milestone.description.clone(),
                },
            )
            .await?;
        sqlx::query("UPDATE milestones SET payment_request_id = $1 WHERE id = $2")
            .bind(request.id.to_string())
            .bind(milestone.id.to_string())
            .execute(tx.conn())
            .await?;
        let event = MilestoneAccepted {
            contract_id: contract.id.to_string(),
            milestone_id: milestone.id.to_string(),
            client_id: contract.client_id.to_string(),
            freelancer_id: contract.freelancer_id.to_string(),
            payment_request_id: request.id.to_string(),
            automatic: actor.is_none(),
        };
        outbox::append(tx, &Event::of(&event, self.clock.now())).await?;
        Ok(())
    }

    pub(crate) async fn move_milestone(
        &self,
        tx: &mut Tx,
        id: MilestoneId,
        to: MilestoneStatus,
        actor: Option<UserId>,
        reason: Option<&str>,
    ) -> Result<()> {
        let id = id.to_string();
        let actor = actor.map(|a| a.to_string());
        let mv = Move {
            id: &id,
            to,
            actor: actor.as_deref(),
            reason,
            at: self.now_micros(),
        };
        transition::apply(tx, &MILESTONE, mv).await?;
        Ok(())
    }

    /// The milestone and its contract, in `tx`, for one of its parties (404 otherwise),
    /// with the milestone's row locked; the contract must be ACTIVE.
    pub(crate) async fn locked(
        &self,
        tx: &mut Tx,
        caller: UserId,
        id: MilestoneId,
    ) -> Result<(Contract, Milestone)> {
        // A no-op update takes the row lock on both engines: racing evaluations queue.
        sqlx::query("UPDATE milestones SET status = status WHERE id = $1")
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        let milestone = load_milestone(tx.conn(), id).await?;
        let contract = load_contract(tx.conn(), milestone.contract_id).await?;
        if !contract.is_party(caller) {
            return Err(DomainError::NotFound("milestone"));
        }
        if contract.status != ContractStatus::Active {
            return Err(DomainError::conflict(
                "contract_not_active",
                format!("this contract is {}", contract.status.as_str()),
            ));
        }
        Ok((contract, milestone))
    }
}
