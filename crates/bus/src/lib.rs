//! Side effects go through an outbox (DESIGN.md principle 4). A context writes its
//! events with [`outbox::append`] inside the transaction that changes its state, so an
//! event exists if and only if the change committed. The [`Relay`] then publishes
//! committed events to a [`Bus`] (one subject's events in commit order); every bus hands
//! them to consumers through one delivery step ([`deliver`]) that claims an event before
//! its effect, so the effect happens once, and turns an event that keeps failing into a
//! [`dead_letters`] entry. Broker consumers run under [`supervise`], which restarts them and
//! reports them in [`ConsumerHealth`]; [`prune::Pruner`] runs the scheduled clean-ups. A
//! crash or a bus outage delays side effects; it never loses them.

mod amqp;
pub mod dead_letters;
mod delivery;
mod health;
pub mod inbox;
mod memory;
mod nats;
pub mod outbox;
pub mod prune;
mod relay;
mod supervise;

use async_trait::async_trait;
use openlance_core::Event;

pub use amqp::AmqpBus;
pub use delivery::{DEFAULT_MAX_ATTEMPTS, deliver};
pub use health::ConsumerHealth;
pub use memory::InProcessBus;
pub use nats::{ConsumerSettings, NatsBus};
pub use relay::{Relay, RelaySettings};
pub use supervise::{SupervisorSettings, supervise};

/// The migrations of the outbox, the consumer receipts and the dead letters.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[
    openlance_storage::Migration {
        id: "bus/0001_outbox",
        sqlite: include_str!("../migrations/0001_outbox.sqlite.sql"),
        postgres: include_str!("../migrations/0001_outbox.postgres.sql"),
    },
    openlance_storage::Migration {
        id: "bus/0002_deliveries",
        sqlite: include_str!("../migrations/0002_deliveries.sqlite.sql"),
        postgres: include_str!("../migrations/0002_deliveries.postgres.sql"),
    },
    openlance_storage::Migration::portable(
        "bus/0003_claim_order",
        include_str!("../migrations/0003_claim_order.sql"),
    ),
];

/// Why publishing an event failed; the relay retries with backoff.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BusError(pub String);

/// Where the relay publishes committed events: in-process subscribers by default, a
/// broker (NATS JetStream, RabbitMQ) when scaled out.
#[async_trait]
pub trait Bus: Send + Sync + 'static {
    /// Delivers the event; `Ok` means every subscriber has it (the relay may forget it).
    async fn publish(&self, event: &Event) -> Result<(), BusError>;
}

/// A bus backed by a broker (NATS JetStream, RabbitMQ). Its consumers run as durable
/// broker consumers, in this process or another.
#[async_trait]
pub trait BrokerBus: Bus + Clone {
    /// Creates `consumer`'s durable subscription, so events published from now on wait for
    /// it even before it first runs. Idempotent.
    async fn prepare_consumer(&self, consumer: &str) -> Result<(), BusError>;

    /// Runs `consumer` until `shutdown` turns true: each event is handled (once, thanks to
    /// the receipts) and acknowledged, or handed back for a retry after a delay. Marks the
    /// consumer up in `health` once subscribed; an `Err` (or an early `Ok`) means the
    /// subscription is gone, and [`supervise`] restarts it.
    async fn run_consumer(
        &self,
        db: openlance_storage::Db,
        clock: std::sync::Arc<dyn openlance_core::Clock>,
        consumer: std::sync::Arc<dyn Consumer>,
        settings: ConsumerSettings,
        health: ConsumerHealth,
        shutdown: tokio::sync::watch::Receiver<bool>,
    ) -> Result<(), BusError>;
}

/// A subscriber to events. The delivery step runs its effect at most once per event
/// (claim before, finish after); a failed effect is retried, up to the attempt limit.
#[async_trait]
pub trait Consumer: Send + Sync + 'static {
    /// Stable name, used to record which events this consumer has handled.
    fn name(&self) -> &'static str;
    /// Whether this consumer cares about events of this kind.
    fn wants(&self, kind: &str) -> bool;
    async fn handle(&self, event: &Event) -> Result<(), String>;
}
