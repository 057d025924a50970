//! The embedded bus: delivers each event to the in-process consumers that want it,
//! skipping consumers that already acknowledged it, and fails the publish if any consumer
//! fails so the relay retries (the ones that succeeded are skipped next time).

use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use openlance_core::{Clock, Event};
use openlance_storage::Db;

use crate::{Bus, BusError, Consumer, inbox};

pub struct InProcessBus {
    db: Db,
    clock: Arc<dyn Clock>,
    consumers: RwLock<Vec<Arc<dyn Consumer>>>,
}

impl InProcessBus {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self {
            db,
            clock,
            consumers: RwLock::new(Vec::new()),
        }
    }

    pub fn subscribe(&self, consumer: Arc<dyn Consumer>) {
        self.consumers
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .push(consumer);
    }

    fn consumers_for(&self, kind: &str) -> Vec<Arc<dyn Consumer>> {
        let all = self.consumers.read().unwrap_or_else(|p| p.into_inner());
        all.iter().filter(|c| c.wants(kind)).cloned().collect()
    }
}

#[async_trait]
impl Bus for InProcessBus {
    async fn publish(&self, event: &Event) -> Result<(), BusError> {
        let mut failures = Vec::new();
        for consumer in self.consumers_for(&event.kind) {
            if let Err(e) = deliver(&self.db, self.clock.as_ref(), consumer.as_ref(), event).await {
                failures.push(e);
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(BusError(failures.join("; ")))
        }
    }
}

/// Hands `event` to `consumer` unless it already acknowledged it, and records the
/// acknowledgement when it succeeds. Shared by every bus, so each consumer sees an event
/// once however often it is delivered.
pub async fn deliver(
    db: &Db,
    clock: &dyn Clock,
    consumer: &dyn Consumer,
    event: &Event,
) -> Result<(), String> {
    let name = consumer.name();
    if inbox::seen(db, name, event.id)
        .await
        .map_err(|e| format!("{name}: {e}"))?
    {
        return Ok(());
    }
    if let Err(e) = consumer.handle(event).await {
        tracing::warn!(consumer = name, event = %event.id, kind = %event.kind, error = %e, "consumer failed");
        return Err(format!("{name}: {e}"));
    }
    inbox::acknowledge(db, name, event.id, clock.now())
        .await
        .map_err(|e| format!("{name}: {e}"))
}

/// Decodes an event as a broker carried it and delivers it. An event the consumer does not
/// want, or one that cannot be decoded (it would fail forever), is done with.
pub(crate) async fn deliver_message(
    db: &Db,
    clock: &dyn Clock,
    consumer: &dyn Consumer,
    payload: &[u8],
) -> Result<(), String> {
    match serde_json::from_slice::<Event>(payload) {
        Ok(event) if !consumer.wants(&event.kind) => Ok(()),
        Ok(event) => deliver(db, clock, consumer, &event).await,
        Err(e) => {
            tracing::error!(consumer = consumer.name(), error = %e, "undecodable event; dropping it");
            Ok(())
        }
    }
}
