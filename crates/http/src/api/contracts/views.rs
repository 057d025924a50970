//! How contracts, milestones and termination requests look in JSON: WorkUp's shapes
//! (amounts in whole currency units) and ours (money as minor units and a currency).

use chrono::{DateTime, NaiveDate, Utc};
use openlance_contracts::{
    Contract, ContractStatus, HistoryEntry, Milestone, MilestoneStatus, TerminationRequest,
    TerminationStatus,
};
use openlance_core::Money;
use serde::Serialize;
use utoipa::ToSchema;

/// A contract as WorkUp shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupContract {
    pub contract_id: String,
    pub job_title: String,
    pub job_id: String,
    pub proposal_id: String,
    pub freelancer_id: String,
    pub client_id: String,
    /// Its milestones' ids, in order.
    pub milestones_ids: Vec<String>,
    /// `ACTIVE`, `TERMINATED` or `COMPLETED`.
    pub status: ContractStatus,
}

impl From<Contract> for WorkupContract {
    fn from(c: Contract) -> Self {
        Self {
            contract_id: c.id.to_string(),
            job_title: c.job_title,
            job_id: c.job_id,
            proposal_id: c.proposal_id,
            freelancer_id: c.freelancer_id.to_string(),
            client_id: c.client_id.to_string(),
            milestones_ids: c.milestone_ids.iter().map(ToString::to_string).collect(),
            status: c.status,
        }
    }
}

/// A milestone as WorkUp shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupMilestone {
    pub milestone_id: String,
    pub contract_id: String,
    pub description: String,
    pub due_date: NaiveDate,
    /// Whole currency units (e.g. `12.5`).
    #[schema(example = 12.5)]
    pub amount: f64,
    /// `OPEN`, `IN_PROGRESS`, `IN_REVIEW`, `ACCEPTED` or `PAID`.
    pub status: MilestoneStatus,
}

impl From<Milestone> for WorkupMilestone {
    fn from(m: Milestone) -> Self {
        Self {
            milestone_id: m.id.to_string(),
            contract_id: m.contract_id.to_string(),
            description: m.description,
            due_date: m.due_date,
            amount: m.amount.to_major_f64(),
            status: m.status,
        }
    }
}

/// A termination request as WorkUp shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupTermination {
    pub request_id: String,
    pub contract_id: String,
    pub requester_id: String,
    pub reason: String,
    /// `PENDING`, `ACCEPTED` or `REJECTED`.
    pub status: TerminationStatus,
}

impl From<TerminationRequest> for WorkupTermination {
    fn from(t: TerminationRequest) -> Self {
        Self {
            request_id: t.id.to_string(),
            contract_id: t.contract_id.to_string(),
            requester_id: t.requester_id.to_string(),
            reason: t.reason,
            status: t.status,
        }
    }
}

/// Money in our own JSON: minor units and a currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoneyView {
    pub amount: i64,
    pub currency: String,
}

impl From<Money> for MoneyView {
    fn from(m: Money) -> Self {
        Self {
            amount: m.amount,
            currency: m.currency.code().to_string(),
        }
    }
}

/// A milestone in our own JSON.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneView {
    pub id: String,
    pub position: i64,
    pub description: String,
    pub due_date: NaiveDate,
    pub amount: MoneyView,
    pub status: MilestoneStatus,
    /// What the client holds in the milestone's escrow.
    pub funded: MoneyView,
    pub payment_request_id: Option<String>,
}

impl From<Milestone> for MilestoneView {
    fn from(m: Milestone) -> Self {
        Self {
            id: m.id.to_string(),
            position: m.position,
            description: m.description,
            due_date: m.due_date,
            amount: m.amount.into(),
            status: m.status,
            funded: m.funded.into(),
            payment_request_id: m.payment_request_id,
        }
    }
}

/// A contract in our own JSON (milestones by id; read them with
/// `GET /api/v1/contracts/{id}/milestones`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContractView {
    pub id: String,
    pub job_id: String,
    pub job_title: String,
    pub proposal_id: String,
    pub client_id: String,
    pub freelancer_id: String,
    pub status: ContractStatus,
    pub milestone_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Contract> for ContractView {
    fn from(c: Contract) -> Self {
        Self {
            id: c.id.to_string(),
            job_id: c.job_id,
            job_title: c.job_title,
            proposal_id: c.proposal_id,
            client_id: c.client_id.to_string(),
            freelancer_id: c.freelancer_id.to_string(),
            status: c.status,
            milestone_ids: c.milestone_ids.iter().map(ToString::to_string).collect(),
            created_at: c.created_at,
        }
    }
}

/// One change in a contract's history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
    /// `contract`, `milestone` or `termination`.
    pub subject: String,
    pub subject_id: String,
    /// Absent when the object was created (a termination request filed).
    pub from: Option<String>,
    pub to: String,
    /// Who did it; absent for the system (a payment, the review timer).
    pub actor_id: Option<String>,
    pub message: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<HistoryEntry> for HistoryView {
    fn from(e: HistoryEntry) -> Self {
        Self {
            subject: e.subject,
            subject_id: e.subject_id,
            from: e.from,
            to: e.to,
            actor_id: e.actor_id,
            message: e.message,
            at: e.at,
        }
    }
}
