//! The three state machines of a contract, each with its allowed moves and its audit
//! table (see `openlance_storage::transition`):
//! - a contract: ACTIVE → COMPLETED (every milestone paid) or TERMINATED;
//! - a milestone: OPEN → IN_PROGRESS → IN_REVIEW (the freelancer), IN_REVIEW → ACCEPTED
//!   or back to IN_PROGRESS (the client, or the review timer), ACCEPTED → PAID;
//! - a termination request: PENDING → ACCEPTED or REJECTED.

use openlance_core::transition::{Moves, State};
use openlance_core::{DomainError, Result};
use openlance_storage::transition::Machine;

macro_rules! states {
    ($(#[$meta:meta])* $name:ident, $noun:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($variant),+ }

        impl State for $name {
            const NOUN: &'static str = $noun;
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
            fn parse(text: &str) -> Option<Self> {
                [$(Self::$variant),+].into_iter().find(|s| s.as_str() == text)
            }
        }

        impl $name {
            pub fn as_str(&self) -> &'static str {
                State::as_str(*self)
            }

            pub(crate) fn stored(text: &str) -> Result<Self> {
                <Self as State>::parse(text).ok_or_else(|| {
                    DomainError::internal(format!("unknown {} status {text}", $noun))
                })
            }
        }
    };
}

states!(
    /// Where a contract stands (WorkUp's ContractState).
    ContractStatus, "contract", {
        Active => "ACTIVE",
        Terminated => "TERMINATED",
        Completed => "COMPLETED",
    }
);

states!(
    /// Where a milestone stands (WorkUp's MilestoneState).
    MilestoneStatus, "milestone", {
        Open => "OPEN",
        InProgress => "IN_PROGRESS",
        InReview => "IN_REVIEW",
        Accepted => "ACCEPTED",
        Paid => "PAID",
    }
);

states!(
    /// Where a termination request stands.
    TerminationStatus, "termination request", {
        Pending => "PENDING",
        Accepted => "ACCEPTED",
        Rejected => "REJECTED",
    }
);

pub(crate) const CONTRACT: Machine<ContractStatus> = Machine {
    table: "contracts",
    transitions: "contract_transitions",
    moves: Moves(&[
        (ContractStatus::Active, ContractStatus::Completed),
        (ContractStatus::Active, ContractStatus::Terminated),
    ]),
};

pub(crate) const MILESTONE: Machine<MilestoneStatus> = Machine {
    table: "milestones",
    transitions: "milestone_transitions",
    moves: Moves(&[
        (MilestoneStatus::Open, MilestoneStatus::InProgress),
        (MilestoneStatus::InProgress, MilestoneStatus::InReview),
        (MilestoneStatus::InReview, MilestoneStatus::Accepted),
        (MilestoneStatus::InReview, MilestoneStatus::InProgress),
        (MilestoneStatus::Accepted, MilestoneStatus::Paid),
    ]),
};

pub(crate) const TERMINATION: Machine<TerminationStatus> = Machine {
    table: "termination_requests",
    transitions: "termination_transitions",
    moves: Moves(&[
        (TerminationStatus::Pending, TerminationStatus::Accepted),
        (TerminationStatus::Pending, TerminationStatus::Rejected),
    ]),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_milestone_moves_forward_or_back_to_work_and_nowhere_else() {
        use MilestoneStatus::*;
        assert!(MILESTONE.moves.allows(InReview, InProgress));
        assert!(!MILESTONE.moves.allows(Open, InReview));
        assert!(!MILESTONE.moves.allows(InProgress, Accepted));
        assert!(!MILESTONE.moves.allows(Paid, Accepted));
        assert_eq!(MilestoneStatus::parse("IN_REVIEW"), Some(InReview));
    }
}
