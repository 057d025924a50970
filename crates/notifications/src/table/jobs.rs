//! Jobs: the client hears of proposals; the freelancer of the client's choice.

use openlance_jobs::events::{ProposalAccepted, ProposalReceived, ProposalRejected};

use super::{Entry, entry, user};
use crate::kinds::{PROPOSAL_ACCEPTED, PROPOSAL_RECEIVED, PROPOSAL_REJECTED};
use crate::notice::Notice;

pub(super) const ENTRIES: &[Entry] = &[
    entry!(ProposalReceived, |p, _f| {
        vec![
        Notice::to(user(&p.client_id)?, &PROPOSAL_RECEIVED, "New proposal on your job")
            .body("A freelancer sent a proposal on your job. Review it, and accept it to start a contract.")
            .link(format!("/proposals/{}", p.proposal_id), "Review the proposal")
    ]
    }),
    entry!(ProposalAccepted, |p, _f| {
        vec![
        Notice::to(user(&p.freelancer_id)?, &PROPOSAL_ACCEPTED, "Your proposal was accepted")
            .body("The client accepted your proposal: your contract is open. Start on its first milestone.")
            .link(format!("/contracts/{}", p.contract_id), "Open the contract")
    ]
    }),
    entry!(ProposalRejected, |p, _f| vec![
        Notice::to(
            user(&p.freelancer_id)?,
            &PROPOSAL_REJECTED,
            "Your proposal was not chosen"
        )
        .body("The client chose another proposal for this job. Thank you for applying.")
        .link(format!("/jobs/{}", p.job_id), "View the job")
    ]),
];
