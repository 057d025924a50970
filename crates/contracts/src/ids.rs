//! Typed ids of the contracts context.

use openlance_core::define_id;

define_id!(
    /// A contract between a client and a freelancer, made by accepting a proposal.
    ContractId
);
define_id!(
    /// One milestone of a contract: a piece of work with its amount and due date.
    MilestoneId
);
define_id!(
    /// A request by one party to terminate a contract.
    TerminationId
);
