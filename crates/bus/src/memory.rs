//! The embedded bus: delivers each event to the in-process consumers that want it through
//! the shared delivery step, and fails the publish if any consumer fails so the relay
//! retries (consumers that finished it are skipped next time; one that keeps failing
//! ends up with a dead letter and stops holding the event back).

use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use openlance_core::{Clock, Event};
use openlance_storage::Db;

use crate::delivery::{DEFAULT_MAX_ATTEMPTS, deliver};
use crate::{Bus, BusError, Consumer};

pub struct InProcessBus {
    db: Db,
    clock: Arc<dyn Clock>,
    consumers: RwLock<Vec<Arc<dyn Consumer>>>,
    max_attempts: u32,
}

impl InProcessBus {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self {
            db,
            clock,
            consumers: RwLock::new(Vec::new()),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Deliveries of one event to one consumer before it becomes a dead letter.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
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
            let delivered = deliver(
                &self.db,
                self.clock.as_ref(),
                consumer.as_ref(),
                event,
                self.max_attempts,
            )
            .await;
            if let Err(e) = delivered {
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
