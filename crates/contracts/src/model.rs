//! What a contract, a milestone and a termination request are, and how they are read
//! from their rows.

use chrono::{DateTime, NaiveDate, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Currency, DomainError, Money, Result};
use openlance_storage::{AnyRow, Row};

use crate::{
    ContractId, ContractStatus, MilestoneId, MilestoneStatus, TerminationId, TerminationStatus,
};

/// What accepting a proposal hands the contracts context.
#[derive(Clone, Debug)]
pub struct NewContract {
    pub job_id: String,
    pub job_title: String,
    pub proposal_id: String,
    pub client_id: UserId,
    pub freelancer_id: UserId,
    pub milestones: Vec<NewMilestone>,
}

/// One proposed milestone.
#[derive(Clone, Debug)]
pub struct NewMilestone {
    pub description: String,
    pub amount: Money,
    pub due_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    pub id: ContractId,
    pub job_id: String,
    pub job_title: String,
    pub proposal_id: String,
    pub client_id: UserId,
    pub freelancer_id: UserId,
    pub status: ContractStatus,
    /// Its milestones' ids, in order.
    pub milestone_ids: Vec<MilestoneId>,
    pub created_at: DateTime<Utc>,
}

impl Contract {
    /// Whether `user` is its client or its freelancer.
    pub fn is_party(&self, user: UserId) -> bool {
        self.client_id == user || self.freelancer_id == user
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Milestone {
    pub id: MilestoneId,
    pub contract_id: ContractId,
    /// 1-based place in the contract.
    pub position: i64,
    pub description: String,
    pub amount: Money,
    pub due_date: NaiveDate,
    pub status: MilestoneStatus,
    /// What the client holds in its escrow for it (zero when not funded).
    pub funded: Money,
    /// The payment request created when it was accepted.
    pub payment_request_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminationRequest {
    pub id: TerminationId,
    pub contract_id: ContractId,
    pub requester_id: UserId,
    pub reason: String,
    pub status: TerminationStatus,
    pub decided_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

pub(crate) const CONTRACT_COLUMNS: &str =
    "id, job_id, job_title, proposal_id, client_id, freelancer_id, status, created_at";
pub(crate) const MILESTONE_COLUMNS: &str = "id, contract_id, position, description, amount, \
     currency, due_date, status, funded, payment_request_id";
pub(crate) const TERMINATION_COLUMNS: &str =
    "id, contract_id, requester_id, reason, status, decided_by, created_at";

fn text(row: &AnyRow, column: &str) -> Result<String> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn contract_from_row(row: &AnyRow, milestone_ids: Vec<MilestoneId>) -> Result<Contract> {
    Ok(Contract {
        id: ContractId::parse(&text(row, "id")?)?,
        job_id: text(row, "job_id")?,
        job_title: text(row, "job_title")?,
        proposal_id: text(row, "proposal_id")?,
        client_id: UserId::parse(&text(row, "client_id")?)?,
        freelancer_id: UserId::parse(&text(row, "freelancer_id")?)?,
        status: ContractStatus::stored(&text(row, "status")?)?,
        milestone_ids,
        created_at: from_micros(row.try_get("created_at")?),
    })
}

pub(crate) fn milestone_from_row(row: &AnyRow) -> Result<Milestone> {
    let currency = Currency::parse(&text(row, "currency")?)?;
    let due = text(row, "due_date")?;
    Ok(Milestone {
        id: MilestoneId::parse(&text(row, "id")?)?,
        contract_id: ContractId::parse(&text(row, "contract_id")?)?,
        position: row
            .try_get::<i64, _>("position")
            .or_else(|_| row.try_get::<i32, _>("position").map(i64::from))?,
        description: text(row, "description")?,
        amount: Money::new(row.try_get("amount")?, currency),
        due_date: NaiveDate::parse_from_str(&due, "%Y-%m-%d")
            .map_err(|e| DomainError::internal(format!("bad due date {due}: {e}")))?,
        status: MilestoneStatus::stored(&text(row, "status")?)?,
        funded: Money::new(row.try_get("funded")?, currency),
        payment_request_id: row.try_get("payment_request_id")?,
    })
}

pub(crate) fn termination_from_row(row: &AnyRow) -> Result<TerminationRequest> {
    Ok(TerminationRequest {
        id: TerminationId::parse(&text(row, "id")?)?,
        contract_id: ContractId::parse(&text(row, "contract_id")?)?,
        requester_id: UserId::parse(&text(row, "requester_id")?)?,
        reason: text(row, "reason")?,
        status: TerminationStatus::stored(&text(row, "status")?)?,
        decided_by: row
            .try_get::<Option<String>, _>("decided_by")?
            .map(|id| UserId::parse(&id))
            .transpose()?,
        created_at: from_micros(row.try_get("created_at")?),
    })
}
