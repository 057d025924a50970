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
            let name = consumer.name();
            match inbox::seen(&self.db, name, event.id).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    failures.push(format!("{name}: {e}"));
                    continue;
                }
            }
            match consumer.handle(event).await {
                Ok(()) => {
                    if let Err(e) =
                        inbox::acknowledge(&self.db, name, event.id, self.clock.now()).await
                    {
                        failures.push(format!("{name}: {e}"));
                    }
                }
                Err(e) => {
                    tracing::warn!(consumer = name, event = %event.id, kind = %event.kind, error = %e, "consumer failed");
                    failures.push(format!("{name}: {e}"));
                }
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(BusError(failures.join("; ")))
        }
    }
}
