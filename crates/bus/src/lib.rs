//! Side effects go through an outbox (DESIGN.md principle 4). A context writes its
//! events with [`outbox::append`] inside the transaction that changes its state, so an
//! event exists if and only if the change committed. The [`Relay`] then publishes
//! committed events to a [`Bus`]; consumers are idempotent by event id through
//! [`inbox`]. A crash or a bus outage delays side effects; it never loses them.

pub mod inbox;
mod memory;
mod nats;
pub mod outbox;
mod relay;

use async_trait::async_trait;
use openlance_core::Event;

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
