//! Jobs and proposals (WorkUp's system): a client posts a job; freelancers find it by
//! keyword and filters and send proposals with milestones; the client accepts one, which
//! fills the job, rejects the other pending proposals and opens a contract through the
//! contracts context's interface ([`ContractOpener`]) in the same transaction.
//!
//! Jobs (OPEN / CLOSED / FILLED) and proposals (PENDING / ACCEPTED / REJECTED /
//! WITHDRAWN) move only through the transition helper, with an audit row per move in
//! `job_transitions` and `proposal_transitions`. Every change writes its typed event
//! ([`events`]) to the outbox in its transaction. See `docs/jobs.md` for the routes, the
//! rules and the search strategy on each engine.

mod accept;
pub mod bulk;
pub mod events;
mod ids;
pub(crate) mod job;
pub(crate) mod proposal;
mod search;

use std::sync::Arc;

use openlance_core::Clock;
use openlance_storage::{Db, Migration};

pub use accept::{Acceptance, AcceptedProposal, ContractOpener, ProposedMilestone};
pub use ids::{JobId, ProposalId};
pub use job::{Experience, Job, JobChanges, JobDuration, JobStatus, NewJob};
pub use proposal::{Attachment, Milestone, NewProposal, Proposal, ProposalStatus};
pub use search::{BEST_CANDIDATES, JobSearch, SearchOrder};

/// The jobs service: the interface the HTTP edge calls.
#[derive(Clone)]
pub struct Jobs {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Jobs {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}

/// The migrations of the jobs context, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        id: "jobs/0001_jobs",
        sqlite: include_str!("../migrations/0001_jobs.sqlite.sql"),
        postgres: include_str!("../migrations/0001_jobs.postgres.sql"),
    },
    Migration::portable(
        "jobs/0002_proposals",
        include_str!("../migrations/0002_proposals.sql"),
    ),
    Migration::postgres_only(
        "jobs/0003_search_pending",
        include_str!("../migrations/0003_search_pending.postgres.sql"),
    ),
];
