//! Funding a milestone up front (Upwork's model): the client puts the milestone's amount
//! in its escrow, so paying its request later moves escrow instead of charging a card.
//! Card money comes first, outside any transaction: a keyed `top_up` of what the
//! client's wallet lacks. Then one transaction holds the amount from the wallet in the
//! milestone's escrow (`hold_escrow`, keyed `fund`, so a milestone is funded once).

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Money, Result};
use openlance_payments::{
    EscrowRef, HoldEscrow, OperationKey, OperationStatus, ProviderOperationId,
};

use crate::events::MilestoneFunded;
use crate::read::{load_contract, load_milestone};
use crate::{Contract, ContractStatus, Contracts, Milestone, MilestoneId, MilestoneStatus};

/// What funding a milestone came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Funding {
    Funded(Box<Milestone>),
    /// The card charge has not been confirmed yet; a retry with the same key resumes it.
    Pending {
        operation_id: ProviderOperationId,
    },
}

impl Contracts {
    /// The client funds a milestone that is not yet accepted, from its wallet, charging
    /// `payment_method` (the configured default when `None`) for what the wallet lacks.
    /// Its freelancer gets a 403, anyone else a 404; a funded milestone is a 409.
    pub async fn fund_milestone(
        &self,
        caller: UserId,
        id: MilestoneId,
        payment_method: Option<&str>,
        key: &OperationKey,
    ) -> Result<Funding> {
        let (_, milestone) = {
            let mut conn = self.db.reader().acquire().await?;
            let milestone = load_milestone(&mut conn, id).await?;
            let contract = load_contract(&mut conn, milestone.contract_id).await?;
            fundable(&contract, &milestone, caller)?;
            (contract, milestone)
        };
        let amount = milestone.amount;
        let available = self
            .payments
            .wallet(caller)
            .await?
            .into_iter()
            .find(|b| b.currency == amount.currency)
            .map_or(0, |b| b.available.amount);
        if available < amount.amount {
            let method = payment_method.unwrap_or(&self.payments.config().default_payment_method);
            let lacking = Money::new(amount.amount - available, amount.currency);
            let charged = self.payments.top_up(caller, lacking, method, key).await?;
            if charged.status == OperationStatus::Pending {
                return Ok(Funding::Pending {
                    operation_id: charged.operation_id,
                });
            }
        }
        let mut tx = self.db.begin().await?;
        let (contract, milestone) = self.locked(&mut tx, caller, id).await?;
        fundable(&contract, &milestone, caller)?;
        self.payments
            .hold_escrow(
                &mut tx,
                HoldEscrow {
                    escrow: EscrowRef::Milestone(id.to_string()),
                    payer: caller,
                    amount,
                    key: "fund".to_string(),
                },
            )
            .await
            .map_err(|e| match e.code() {
                "already_moved" => already_funded(),
                _ => e,
            })?;
        sqlx::query("UPDATE milestones SET funded = $1 WHERE id = $2")
            .bind(amount.amount)
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        let event = MilestoneFunded {
            contract_id: contract.id.to_string(),
            milestone_id: id.to_string(),
            client_id: contract.client_id.to_string(),
            freelancer_id: contract.freelancer_id.to_string(),
            amount: amount.amount,
            currency: amount.currency.code().to_string(),
        };
        outbox::append(&mut tx, &Event::of(&event, self.clock.now())).await?;
        let milestone = load_milestone(tx.conn(), id).await?;
        tx.commit().await?;
        Ok(Funding::Funded(Box::new(milestone)))
    }
}

fn fundable(contract: &Contract, milestone: &Milestone, caller: UserId) -> Result<()> {
    if !contract.is_party(caller) {
        return Err(DomainError::NotFound("milestone"));
    }
    if contract.client_id != caller {
        return Err(DomainError::Forbidden(
            "only the contract's client funds a milestone".into(),
        ));
    }
    if contract.status != ContractStatus::Active {
        return Err(DomainError::conflict(
            "contract_not_active",
            format!("this contract is {}", contract.status.as_str()),
        ));
    }
    if milestone.funded.amount > 0 {
        return Err(already_funded());
    }
    if !matches!(
        milestone.status,
        MilestoneStatus::Open | MilestoneStatus::InProgress | MilestoneStatus::InReview
    ) {
        return Err(DomainError::conflict(
            "milestone_not_fundable",
            format!(
                "this milestone is {}; only a milestone not yet accepted can be funded",
                milestone.status.as_str()
            ),
        ));
    }
    Ok(())
}

fn already_funded() -> DomainError {
    DomainError::conflict("milestone_funded", "this milestone is already funded")
}
