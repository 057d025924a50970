//! Contracts: what accepting a proposal creates — a contract between a client and a
//! freelancer with its milestones in order — and everything that happens to it: the
//! freelancer works and submits each milestone, the client accepts it (which creates its
//! payment request in the same transaction) or asks for changes, the client may fund a
//! milestone into escrow up front, a milestone left in review is accepted by a timer, a
//! paid request marks its milestone PAID (and the contract COMPLETED when all are), and
//! either party may ask to terminate, which refunds unpaid funded milestones.
//!
//! Money moves only through the payments interface, in this context's transactions; the
//! provider is called (a top-up for funding) before any transaction opens. Every state
//! change goes through `openlance_storage::transition` with an audit row, and writes its
//! typed event (see [`events`]) to the outbox. See `docs/contracts.md`.

pub mod events;
mod fund;
mod history;
mod ids;
mod milestone;
mod model;
mod open;
mod paid;
mod read;
mod states;
mod terminate;
mod timer;

use std::sync::Arc;
use std::time::Duration;

use openlance_core::Clock;
use openlance_payments::Payments;
use openlance_storage::Db;

pub use fund::Funding;
pub use history::HistoryEntry;
pub use ids::{ContractId, MilestoneId, TerminationId};
pub use model::{Contract, Milestone, NewContract, NewMilestone, TerminationRequest};
pub use paid::MilestonePayments;
pub use read::Party;
pub use states::{ContractStatus, MilestoneStatus, TerminationStatus};

/// Configuration of the contracts context.
#[derive(Clone, Debug)]
pub struct ContractsConfig {
    /// How long a milestone may stay IN_REVIEW before it is accepted automatically.
    pub review_period: Duration,
}

impl Default for ContractsConfig {
    fn default() -> Self {
        Self {
            review_period: Duration::from_secs(14 * 24 * 60 * 60),
        }
    }
}

/// The contracts service: the interface the jobs context and the HTTP edge call.
#[derive(Clone)]
pub struct Contracts {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: ContractsConfig,
    pub(crate) payments: Payments,
}

impl Contracts {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: ContractsConfig, payments: Payments) -> Self {
        Self {
            db,
            clock,
            config,
            payments,
        }
    }

    pub fn config(&self) -> &ContractsConfig {
        &self.config
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}

/// The migrations of the contracts context, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[openlance_storage::Migration::portable(
    "contracts/0001_contracts",
    include_str!("../migrations/0001_contracts.sql"),
)];
