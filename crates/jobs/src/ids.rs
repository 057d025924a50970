//! Typed ids of the jobs context.

use openlance_core::define_id;

define_id!(
    /// A job posted by a client.
    JobId
);
define_id!(
    /// A freelancer's proposal on a job.
    ProposalId
);
