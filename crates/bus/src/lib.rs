//! Side effects go through an outbox (DESIGN.md principle 4). A context writes its
//! events with [`outbox::append`] inside the transaction that changes its state, so an
//! event exists if and only if the change committed. The [`Relay`] then publishes
//! committed events to a [`Bus`]; consumers are idempotent by event id through
//! [`inbox`]. A crash or a bus outage delays side effects; it never loses them.

mod amqp;
pub mod inbox;
mod memory;
mod nats;
pub mod outbox;
mod relay;

use async_trait::async_trait;
use openlance_core::Event;

pub use amqp::AmqpBus;
pub use memory::{InProcessBus, deliver};
pub use nats::{ConsumerSettings, NatsBus};
pub use relay::{Relay, RelaySettings};

/// The migrations of the outbox and the consumer receipts.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[openlance_storage::Migration {
    id: "bus/0001_outbox",
    sqlite: include_str!("../migrations/0001_outbox.sqlite.sql"),
    postgres: include_str!("../migrations/0001_outbox.postgres.sql"),
}];

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
    /// the receipts) and acknowledged, or handed back for a retry after a delay.
    async fn run_consumer(
        &self,
        db: openlance_storage::Db,
        clock: std::sync::Arc<dyn openlance_core::Clock>,
        consumer: std::sync::Arc<dyn Consumer>,
        settings: ConsumerSettings,
        shutdown: tokio::sync::watch::Receiver<bool>,
    ) -> Result<(), BusError>;
}

/// A subscriber to events. It must tolerate seeing the same event again after a retry;
/// [`InProcessBus`] skips events a consumer has already acknowledged.
#[async_trait]
pub trait Consumer: Send + Sync + 'static {
    /// Stable name, used to record which events this consumer has handled.
    fn name(&self) -> &'static str;
    /// Whether this consumer cares about events of this kind.
    fn wants(&self, kind: &str) -> bool;
    async fn handle(&self, event: &Event) -> Result<(), String>;
}
