//! Contracts: the client hears of submitted milestones and termination requests; the
//! freelancer of funding, changes requested, acceptance and payment; both of completion.

use openlance_contracts::events::{
    ContractCompleted, MilestoneAccepted, MilestoneChangesRequested, MilestoneFunded,
    MilestonePaid, MilestoneSubmitted, TerminationDecided, TerminationRequested,
};

use super::{Entry, entry, money, quote, user};
use crate::kinds::{
    CHANGES_REQUESTED, CONTRACT_COMPLETED, MILESTONE_ACCEPTED, MILESTONE_FUNDED,
    MILESTONE_SUBMITTED, PAYMENT_RECEIVED, TERMINATION_DECIDED, TERMINATION_REQUESTED,
};
use crate::notice::Notice;

fn milestone_path(contract: &str, milestone: &str) -> String {
    format!("/contracts/{contract}/milestones/{milestone}")
}

pub(super) const ENTRIES: &[Entry] = &[
    entry!(MilestoneFunded, |p, _f| vec![
        Notice::to(
            user(&p.freelancer_id)?,
            &MILESTONE_FUNDED,
            "A milestone is funded"
        )
        .body(format!(
            "The client put {} in escrow for a milestone of your contract: you can start on it.",
            money(p.amount, &p.currency)
        ))
        .link(
            milestone_path(&p.contract_id, &p.milestone_id),
            "Open the milestone"
        )
    ]),
    entry!(MilestoneSubmitted, |p, _f| vec![
        Notice::to(
            user(&p.client_id)?,
            &MILESTONE_SUBMITTED,
            "A milestone is ready for your review"
        )
        .body("The freelancer submitted a milestone. Accept it to pay for it, or ask for changes.")
        .link(
            milestone_path(&p.contract_id, &p.milestone_id),
            "Review the milestone"
        )
    ]),
    entry!(MilestoneChangesRequested, |p, _f| vec![
        Notice::to(
            user(&p.freelancer_id)?,
            &CHANGES_REQUESTED,
            "Changes requested on a milestone"
        )
        .body(format!(
            "The client asked for changes: {}",
            quote(&p.message)
        ))
        .link(
            milestone_path(&p.contract_id, &p.milestone_id),
            "Open the milestone"
        )
    ]),
    entry!(MilestoneAccepted, |p, _f| {
        vec![
        Notice::to(user(&p.freelancer_id)?, &MILESTONE_ACCEPTED, "Your milestone was accepted")
            .body(if p.automatic {
                "Your milestone was accepted automatically at the end of its review period; its payment request is open."
            } else {
                "The client accepted your milestone; its payment request is open."
            })
            .link(milestone_path(&p.contract_id, &p.milestone_id), "Open the milestone")
    ]
    }),
    entry!(MilestonePaid, |p, _f| {
        vec![
        Notice::to(user(&p.freelancer_id)?, &PAYMENT_RECEIVED, "You were paid for a milestone")
            .body("The client paid a milestone of your contract: the money, less the platform fee, is in your wallet.")
            .link("/wallet", "View my wallet")
    ]
    }),
    entry!(ContractCompleted, |p, _f| {
        let notice = |who: &str| -> Result<Notice, String> {
            Ok(
                Notice::to(user(who)?, &CONTRACT_COMPLETED, "Your contract is complete")
                    .body("Every milestone of the contract is paid: the contract is complete.")
                    .link(format!("/contracts/{}", p.contract_id), "Open the contract"),
            )
        };
        vec![notice(&p.client_id)?, notice(&p.freelancer_id)?]
    }),
    entry!(TerminationRequested, |p, _f| {
        let other = if p.requester_id == p.client_id {
            &p.freelancer_id
        } else {
            &p.client_id
        };
        vec![
            Notice::to(
                user(other)?,
                &TERMINATION_REQUESTED,
                "The other party asked to end your contract",
            )
            .body(format!(
                "Their reason: {}. Accept or reject the request.",
                quote(&p.reason)
            ))
            .link(
                format!("/contracts/{}/terminations", p.contract_id),
                "Answer the request",
            ),
        ]
    }),
    entry!(TerminationDecided, |p, _f| {
        let (title, body) = if p.status == "ACCEPTED" {
            (
                "Your contract was ended",
                "The request to end the contract was accepted: the contract is terminated and unpaid escrow went back to the client.",
            )
        } else {
            (
                "The request to end your contract was rejected",
                "The request to end the contract was rejected: the contract goes on.",
            )
        };
        // Both parties, but not whoever decided (an admin decides for both).
        [&p.client_id, &p.freelancer_id]
            .into_iter()
            .filter(|party| **party != p.decided_by)
            .map(|party| {
                Ok(Notice::to(user(party)?, &TERMINATION_DECIDED, title)
                    .body(body)
                    .link(format!("/contracts/{}", p.contract_id), "Open the contract"))
            })
            .collect::<Result<Vec<_>, String>>()?
    }),
];
