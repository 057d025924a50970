//! The events of the jobs context, one payload struct per kind, written to the outbox in
//! the transaction that makes the change (for the notifications consumer). The subject of
//! a job's events is the job; of a proposal's, the proposal.

use openlance_core::EventPayload;
use serde::{Deserialize, Serialize};

/// `jobs.job_posted`: a client posted a job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobPosted {
    pub job_id: String,
    pub client_id: String,
    pub title: String,
}

impl EventPayload for JobPosted {
    const KIND: &'static str = "jobs.job_posted";
    fn subject(&self) -> String {
        self.job_id.clone()
    }
}

/// `jobs.job_closed`: its owner closed a job; it takes no more proposals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobClosed {
    pub job_id: String,
    pub client_id: String,
}

impl EventPayload for JobClosed {
    const KIND: &'static str = "jobs.job_closed";
    fn subject(&self) -> String {
        self.job_id.clone()
    }
}

/// `jobs.proposal_received`: a freelancer proposed on a client's job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalReceived {
    pub proposal_id: String,
    pub job_id: String,
    pub client_id: String,
    pub freelancer_id: String,
}

impl EventPayload for ProposalReceived {
    const KIND: &'static str = "jobs.proposal_received";
    fn subject(&self) -> String {
        self.proposal_id.clone()
    }
}

/// `jobs.proposal_accepted`: the client accepted it; `contract_id` is the new contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalAccepted {
    pub proposal_id: String,
    pub job_id: String,
    pub client_id: String,
    pub freelancer_id: String,
    pub contract_id: String,
}

impl EventPayload for ProposalAccepted {
    const KIND: &'static str = "jobs.proposal_accepted";
    fn subject(&self) -> String {
        self.proposal_id.clone()
    }
}

/// `jobs.proposal_rejected`: another proposal on the job was accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalRejected {
    pub proposal_id: String,
    pub job_id: String,
    pub freelancer_id: String,
}

impl EventPayload for ProposalRejected {
    const KIND: &'static str = "jobs.proposal_rejected";
    fn subject(&self) -> String {
        self.proposal_id.clone()
    }
}

/// `jobs.proposal_withdrawn`: its author withdrew it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposalWithdrawn {
    pub proposal_id: String,
    pub job_id: String,
    pub client_id: String,
    pub freelancer_id: String,
}

impl EventPayload for ProposalWithdrawn {
    const KIND: &'static str = "jobs.proposal_withdrawn";
    fn subject(&self) -> String {
        self.proposal_id.clone()
    }
}
