//! The consumer of payments' `PaymentRequestPaid`: marks the milestone PAID and, when
//! every milestone of its contract is paid, the contract COMPLETED. Exactly once per
//! event: the receipt is taken with `inbox::claim` in the same transaction as the moves.

use async_trait::async_trait;
use openlance_bus::{Consumer, inbox, outbox};
use openlance_core::id::EventId;
use openlance_core::{Event, Result};
use openlance_payments::PaymentRequestPaid;
use openlance_storage::transition::{self, Move};

use crate::events::{ContractCompleted, MilestonePaid};
use crate::read::{load_milestone, milestones_of};
use crate::states::CONTRACT;
use crate::terminate::lock_contract;
use crate::{ContractStatus, Contracts, MilestoneId, MilestoneStatus};

/// The receipt name of this consumer.
const CONSUMER: &str = "contracts.milestone_payments";

/// Runs [`Contracts::record_payment`] for every `PaymentRequestPaid` on the bus.
pub struct MilestonePayments(pub Contracts);

#[async_trait]
impl Consumer for MilestonePayments {
    fn name(&self) -> &'static str {
        CONSUMER
    }

    fn wants(&self, kind: &str) -> bool {
        kind == <PaymentRequestPaid as openlance_core::EventPayload>::KIND
    }

    async fn handle(&self, event: &Event) -> std::result::Result<(), String> {
        let Some(paid) = event
            .decode::<PaymentRequestPaid>()
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        self.0
            .record_payment(event.id, &paid)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

impl Contracts {
    /// Marks the paid milestone PAID (and its contract COMPLETED when it was the last);
    /// `false` when this event was handled before.
    pub async fn record_payment(
        &self,
        event_id: EventId,
        paid: &PaymentRequestPaid,
    ) -> Result<bool> {
        let mut tx = self.db.begin().await?;
        if !inbox::claim(&mut tx, CONSUMER, event_id, self.now_micros()).await? {
            return Ok(false);
        }
        let id = MilestoneId::parse(&paid.milestone_id)?;
        let contract_id = load_milestone(tx.conn(), id).await?.contract_id;
        // The contract's row lock first: two payments of one contract's milestones, handled
        // side by side, would each see the other milestone unpaid and neither complete it.
        let contract = lock_contract(&mut tx, contract_id).await?;
        let milestone = load_milestone(tx.conn(), id).await?;
        if milestone.status == MilestoneStatus::Paid {
            tx.commit().await?;
            return Ok(true);
        }
        self.move_milestone(&mut tx, id, MilestoneStatus::Paid, None, None)
            .await?;
        let now = self.clock.now();
        let event = MilestonePaid {
            contract_id: contract.id.to_string(),
            milestone_id: id.to_string(),
            client_id: contract.client_id.to_string(),
            freelancer_id: contract.freelancer_id.to_string(),
        };
        outbox::append(&mut tx, &Event::of(&event, now)).await?;
        let all_paid = milestones_of(tx.conn(), contract.id)
            .await?
            .iter()
            .all(|m| m.status == MilestoneStatus::Paid);
        if all_paid && contract.status == ContractStatus::Active {
            let contract_id = contract.id.to_string();
            let mv = Move {
                id: &contract_id,
                to: ContractStatus::Completed,
                actor: None,
                reason: Some("every milestone is paid"),
                at: self.now_micros(),
            };
            transition::apply(&mut tx, &CONTRACT, mv).await?;
            let event = ContractCompleted {
                contract_id,
                client_id: contract.client_id.to_string(),
                freelancer_id: contract.freelancer_id.to_string(),
            };
            outbox::append(&mut tx, &Event::of(&event, now)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
