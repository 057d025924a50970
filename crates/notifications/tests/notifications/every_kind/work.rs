//! The jobs' and contracts' cases of the every-kind test: the client and the freelancer of
//! contract `c-1`, whose milestone is `m-1`.

use openlance_contracts::events::{
    ContractCompleted, MilestoneAccepted, MilestoneChangesRequested, MilestoneFunded,
    MilestonePaid, MilestoneSubmitted, TerminationDecided, TerminationRequested,
};
use openlance_core::Event;
use openlance_jobs::events::{ProposalAccepted, ProposalReceived, ProposalRejected};

use super::{CLIENT, Expect, FREELANCER, ev, expect};

/// Every jobs and contracts event with whom it tells, for client `c` and freelancer `f`.
pub(super) fn cases(c: &str, f: &str) -> Vec<(Event, Vec<Expect>)> {
    let (contract, milestone) = ("c-1", "m-1");
    let milestone_link = format!("/contracts/{contract}/milestones/{milestone}");
    let m = |_: ()| {
        (
            contract.to_string(),
            milestone.to_string(),
            c.to_string(),
            f.to_string(),
        )
    };
    vec![
        (
            ev(&ProposalReceived {
                proposal_id: "p-1".into(),
                job_id: "j-1".into(),
                client_id: c.to_string(),
                freelancer_id: f.to_string(),
            }),
            vec![expect(CLIENT, "New proposal on your job", "/proposals/p-1")],
        ),
        (
            ev(&ProposalAccepted {
                proposal_id: "p-1".into(),
                job_id: "j-1".into(),
                client_id: c.to_string(),
                freelancer_id: f.to_string(),
                contract_id: contract.into(),
            }),
            vec![expect(
                FREELANCER,
                "Your proposal was accepted",
                format!("/contracts/{contract}"),
            )],
        ),
        (
            ev(&ProposalRejected {
                proposal_id: "p-2".into(),
                job_id: "j-2".into(),
                freelancer_id: f.to_string(),
            }),
            vec![expect(
                FREELANCER,
                "Your proposal was not chosen",
                "/jobs/j-2",
            )],
        ),
        (
            {
                let (contract_id, milestone_id, client_id, freelancer_id) = m(());
                ev(&MilestoneFunded {
                    contract_id,
                    milestone_id,
                    client_id,
                    freelancer_id,
                    amount: 5000,
                    currency: "USD".into(),
                })
            },
            vec![expect(FREELANCER, "A milestone is funded", &milestone_link)],
        ),
        (
            {
                let (contract_id, milestone_id, client_id, freelancer_id) = m(());
                ev(&MilestoneSubmitted {
                    contract_id,
                    milestone_id,
                    client_id,
                    freelancer_id,
                })
            },
            vec![expect(
                CLIENT,
                "A milestone is ready for your review",
                &milestone_link,
            )],
        ),
        (
            {
                let (contract_id, milestone_id, client_id, freelancer_id) = m(());
                ev(&MilestoneChangesRequested {
                    contract_id,
                    milestone_id,
                    client_id,
                    freelancer_id,
                    message: "bigger logo".into(),
                })
            },
            vec![expect(
                FREELANCER,
                "Changes requested on a milestone",
                &milestone_link,
            )],
        ),
        (
            {
                let (contract_id, milestone_id, client_id, freelancer_id) = m(());
                ev(&MilestoneAccepted {
                    contract_id,
                    milestone_id,
                    client_id,
                    freelancer_id,
                    payment_request_id: "pr-1".into(),
                    automatic: false,
                })
            },
            vec![expect(
                FREELANCER,
                "Your milestone was accepted",
                &milestone_link,
            )],
        ),
        (
            {
                let (contract_id, milestone_id, client_id, freelancer_id) = m(());
                ev(&MilestonePaid {
                    contract_id,
                    milestone_id,
                    client_id,
                    freelancer_id,
                })
            },
            vec![expect(
                FREELANCER,
                "You were paid for a milestone",
                "/wallet",
            )],
        ),
        (
            ev(&ContractCompleted {
                contract_id: contract.into(),
                client_id: c.to_string(),
                freelancer_id: f.to_string(),
            }),
            vec![
                expect(
                    CLIENT,
                    "Your contract is complete",
                    format!("/contracts/{contract}"),
                ),
                expect(
                    FREELANCER,
                    "Your contract is complete",
                    format!("/contracts/{contract}"),
                ),
            ],
        ),
        (
            ev(&TerminationRequested {
                contract_id: contract.into(),
                request_id: "t-1".into(),
                requester_id: f.to_string(),
                reason: "moving on".into(),
                client_id: c.to_string(),
                freelancer_id: f.to_string(),
            }),
            vec![expect(
                CLIENT,
                "The other party asked to end your contract",
                format!("/contracts/{contract}/terminations"),
            )],
        ),
        (
            ev(&TerminationDecided {
                contract_id: contract.into(),
                request_id: "t-1".into(),
                decided_by: c.to_string(),
                status: "ACCEPTED".into(),
                client_id: c.to_string(),
                freelancer_id: f.to_string(),
            }),
            vec![expect(
                FREELANCER,
                "Your contract was ended",
                format!("/contracts/{contract}"),
            )],
        ),
    ]
}
