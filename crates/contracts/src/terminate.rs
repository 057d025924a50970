//! Terminating a contract: either party asks with a reason (one open request per
//! contract); the other party or an admin accepts or rejects it. Accepting terminates
//! the contract in the same transaction, cancels the pending payment requests of its
//! unpaid milestones and refunds their escrow to the client.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Result};
use openlance_payments::{EscrowRef, PaymentRequestId};
use openlance_storage::Tx;
use openlance_storage::transition::{self, Move};

use crate::events::{TerminationDecided, TerminationRequested};
use crate::read::{load_contract, load_termination, milestones_of};
use crate::states::{CONTRACT, TERMINATION};
use crate::{
    Contract, ContractId, ContractStatus, Contracts, MilestoneStatus, TerminationId,
    TerminationRequest, TerminationStatus,
};

/// Longest reason kept.
const MAX_REASON: usize = 5_000;

impl Contracts {
    /// A party asks to terminate an ACTIVE contract. A second open request is a 409.
    pub async fn request_termination(
        &self,
        caller: UserId,
        id: ContractId,
        reason: &str,
    ) -> Result<TerminationRequest> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_REASON {
            return Err(DomainError::invalid(
                "reason",
                format!("must be 1 to {MAX_REASON} characters"),
            ));
        }
        let mut tx = self.db.begin().await?;
        let contract = lock_contract(&mut tx, id).await?;
        if !contract.is_party(caller) {
            return Err(DomainError::NotFound("contract"));
        }
        active(&contract)?;
        let request = TerminationId::new();
        sqlx::query(
            "INSERT INTO termination_requests (id, contract_id, requester_id, reason, status, \
             created_at) VALUES ($1, $2, $3, $4, 'PENDING', $5)",
        )
        .bind(request.to_string())
        .bind(id.to_string())
        .bind(caller.to_string())
        .bind(reason)
        .bind(self.now_micros())
        .execute(tx.conn())
        .await
        .map_err(|e| match DomainError::from(e) {
            DomainError::Conflict { .. } => DomainError::conflict(
                "termination_pending",
                "this contract already has an open termination request",
            ),
            other => other,
        })?;
        let event = TerminationRequested {
            contract_id: id.to_string(),
            request_id: request.to_string(),
            requester_id: caller.to_string(),
            reason: reason.to_string(),
            client_id: contract.client_id.to_string(),
            freelancer_id: contract.freelancer_id.to_string(),
        };
        outbox::append(&mut tx, &Event::of(&event, self.clock.now())).await?;
        let created = load_termination(tx.conn(), request).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The other party (or an admin, `as_admin`) accepts or rejects a PENDING request.
    /// Its requester gets a 403, anyone else a 404; a decided request is a 409.
    pub async fn decide_termination(
        &self,
        caller: UserId,
        as_admin: bool,
        id: TerminationId,
        accept: bool,
    ) -> Result<TerminationRequest> {
        let mut tx = self.db.begin().await?;
        let request = load_termination(tx.conn(), id).await?;
        let contract = lock_contract(&mut tx, request.contract_id).await?;
        if !as_admin {
            if !contract.is_party(caller) {
                return Err(DomainError::NotFound("termination request"));
            }
            if request.requester_id == caller {
                return Err(DomainError::Forbidden(
                    "the other party or an admin decides a termination request".into(),
                ));
            }
        }
        let to = if accept {
            TerminationStatus::Accepted
        } else {
            TerminationStatus::Rejected
        };
        let (request_id, actor) = (id.to_string(), caller.to_string());
        let at = self.now_micros();
        transition::apply(
            &mut tx,
            &TERMINATION,
            Move {
                id: &request_id,
                to,
                actor: Some(&actor),
                reason: None,
                at,
            },
        )
        .await?;
        sqlx::query("UPDATE termination_requests SET decided_by = $1 WHERE id = $2")
            .bind(&actor)
            .bind(&request_id)
            .execute(tx.conn())
            .await?;
        if accept {
            active(&contract)?;
            let contract_id = contract.id.to_string();
            let reason = Some(request.reason.as_str());
            let mv = Move {
                id: &contract_id,
                to: ContractStatus::Terminated,
                actor: Some(&actor),
                reason,
                at,
            };
            transition::apply(&mut tx, &CONTRACT, mv).await?;
            self.settle_unpaid(&mut tx, &contract).await?;
        }
        let event = TerminationDecided {
            contract_id: contract.id.to_string(),
            request_id,
            decided_by: actor,
            status: to.as_str().to_string(),
            client_id: contract.client_id.to_string(),
            freelancer_id: contract.freelancer_id.to_string(),
        };
        outbox::append(&mut tx, &Event::of(&event, self.clock.now())).await?;
        let decided = load_termination(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(decided)
    }

    /// Cancels the pending payment requests of the contract's unpaid milestones and
    /// refunds what their escrow holds to the client.
    async fn settle_unpaid(&self, tx: &mut Tx, contract: &Contract) -> Result<()> {
        for m in milestones_of(tx.conn(), contract.id).await? {
            if m.status == MilestoneStatus::Paid {
                continue;
            }
            if let Some(request) = &m.payment_request_id {
                let request = PaymentRequestId::parse(request)?;
                match self.payments.cancel_payment_request(tx, request).await {
                    Ok(()) => {}
                    // Paid meanwhile: its escrow went to the freelancer; nothing to refund.
                    Err(e) if e.code() == "payment_request_not_pending" => continue,
                    Err(e) => return Err(e),
                }
            }
            let escrow = EscrowRef::Milestone(m.id.to_string());
            let held = self.payments.escrow_balance(tx, &escrow).await?;
            if held.is_some_and(|h| h.amount > 0) {
                self.payments
                    .refund_escrow(tx, &escrow, "termination")
                    .await?;
            }
        }
        Ok(())
    }
}

fn active(contract: &Contract) -> Result<()> {
    if contract.status == ContractStatus::Active {
        Ok(())
    } else {
        Err(DomainError::conflict(
            "contract_not_active",
            format!("this contract is {}", contract.status.as_str()),
        ))
    }
}

/// The contract in `tx`, its row locked so decisions about it queue.
pub(crate) async fn lock_contract(tx: &mut Tx, id: ContractId) -> Result<Contract> {
    sqlx::query("UPDATE contracts SET status = status WHERE id = $1")
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
    load_contract(tx.conn(), id).await
}
