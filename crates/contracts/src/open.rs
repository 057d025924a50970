//! Opening a contract: called by the jobs context when a client accepts a proposal,
//! inside that transaction, so the accept answer already carries the contract.

use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result, Validator};
use openlance_storage::Tx;

use crate::model::NewContract;
use crate::{ContractId, ContractStatus, Contracts, MilestoneId, MilestoneStatus};

/// Longest milestone description kept.
const MAX_DESCRIPTION: usize = 5_000;

impl Contracts {
    /// Creates an ACTIVE contract with one OPEN milestone per given milestone, in order,
    /// inside the caller's transaction. Returns the contract id. A proposal makes at most
    /// one contract (a second is a 409 `contract_exists`).
    pub async fn open(&self, tx: &mut Tx, contract: NewContract) -> Result<ContractId> {
        validate(&contract)?;
        let id = ContractId::new();
        let now = to_micros(self.clock.now());
        sqlx::query(
            "INSERT INTO contracts (id, job_id, job_title, proposal_id, client_id, freelancer_id, \
             status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(&contract.job_id)
        .bind(&contract.job_title)
        .bind(&contract.proposal_id)
        .bind(contract.client_id.to_string())
        .bind(contract.freelancer_id.to_string())
        .bind(ContractStatus::Active.as_str())
        .bind(now)
        .execute(tx.conn())
        .await
        .map_err(|e| match DomainError::from(e) {
            DomainError::Conflict { .. } => {
                DomainError::conflict("contract_exists", "this proposal already has a contract")
            }
            other => other,
        })?;
        for (index, m) in contract.milestones.iter().enumerate() {
            sqlx::query(
                "INSERT INTO milestones (id, contract_id, position, description, amount, currency, \
                 due_date, status, funded, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)",
            )
            .bind(MilestoneId::new().to_string())
            .bind(id.to_string())
            .bind(index as i64 + 1)
            .bind(&m.description)
            .bind(m.amount.amount)
            .bind(m.amount.currency.code())
            .bind(m.due_date.format("%Y-%m-%d").to_string())
            .bind(MilestoneStatus::Open.as_str())
            .bind(now)
            .execute(tx.conn())
            .await?;
        }
        Ok(id)
    }
}

fn validate(contract: &NewContract) -> Result<()> {
    let mut v = Validator::new();
    v.check(
        contract.client_id != contract.freelancer_id,
        "freelancerId",
        "a client cannot hire themselves",
    );
    let currency = contract.milestones.first().map(|m| m.amount.currency);
    for (i, m) in contract.milestones.iter().enumerate() {
        let field = |name: &str| format!("milestones[{i}].{name}");
        v.take(
            openlance_payments::ledger::movable(m.amount).map_err(|e| relabel(e, field("amount"))),
        );
        v.check(
            Some(m.amount.currency) == currency,
            field("amount"),
            "every milestone of a contract is in one currency",
        );
        let description = m.description.trim();
        v.check(
            !description.is_empty(),
            field("description"),
            "must not be empty",
        );
        v.check(
            description.chars().count() <= MAX_DESCRIPTION,
            field("description"),
            format!("must be at most {MAX_DESCRIPTION} characters"),
        );
    }
    v.finish()
}

/// A validation error of one amount, named by its place in the contract.
fn relabel(e: DomainError, field: String) -> DomainError {
    match e {
        DomainError::Validation(errors) => DomainError::Validation(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = field.clone();
                    f
                })
                .collect(),
        ),
        other => other,
    }
}
