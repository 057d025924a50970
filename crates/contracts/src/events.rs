//! The events of the contracts context, one payload struct per kind, written to the
//! outbox in the transaction of the change (for the notifications consumer).

use openlance_core::EventPayload;
use serde::{Deserialize, Serialize};

macro_rules! event {
    ($(#[$meta:meta])* $name:ident, $kind:literal, $subject:ident { $($field:ident: $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name { $(pub $field: $ty),+ }

        impl EventPayload for $name {
            const KIND: &'static str = $kind;
            fn subject(&self) -> String {
                self.$subject.clone()
            }
        }
    };
}

event!(
    /// The freelancer submitted a milestone for review.
    MilestoneSubmitted, "contracts.milestone_submitted", contract_id {
        contract_id: String, milestone_id: String, client_id: String, freelancer_id: String,
    }
);
event!(
    /// The client sent a milestone back to work with a message.
    MilestoneChangesRequested, "contracts.milestone_changes_requested", contract_id {
        contract_id: String, milestone_id: String, client_id: String, freelancer_id: String,
        message: String,
    }
);
event!(
    /// A milestone was accepted (by its client, or by the review timer) and its payment
    /// request created.
    MilestoneAccepted, "contracts.milestone_accepted", contract_id {
        contract_id: String, milestone_id: String, client_id: String, freelancer_id: String,
        payment_request_id: String, automatic: bool,
    }
);
event!(
    /// The client funded a milestone into escrow.
    MilestoneFunded, "contracts.milestone_funded", contract_id {
        contract_id: String, milestone_id: String, client_id: String, freelancer_id: String,
        amount: i64, currency: String,
    }
);
event!(
    /// A milestone's payment request was paid.
    MilestonePaid, "contracts.milestone_paid", contract_id {
        contract_id: String, milestone_id: String, client_id: String, freelancer_id: String,
    }
);
event!(
    /// Every milestone of a contract is paid.
    ContractCompleted, "contracts.contract_completed", contract_id {
        contract_id: String, client_id: String, freelancer_id: String,
    }
);
event!(
    /// A party asked to terminate a contract.
    TerminationRequested, "contracts.termination_requested", contract_id {
        contract_id: String, request_id: String, requester_id: String, reason: String,
        client_id: String, freelancer_id: String,
    }
);
event!(
    /// A termination request was accepted (the contract is TERMINATED) or rejected.
    TerminationDecided, "contracts.termination_decided", contract_id {
        contract_id: String, request_id: String, decided_by: String, status: String,
        client_id: String, freelancer_id: String,
    }
);
