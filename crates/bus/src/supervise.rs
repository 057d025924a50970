//! Keeps an instance's broker consumers running: a consumer whose `run_consumer` stops
//! before shutdown (broker gone, stream or exchange deleted, channel closed) is marked down
//! in [`ConsumerHealth`] and restarted after a delay that doubles from `first_delay` up to
//! `max_delay`, until shutdown. A consumer counts as down from the start until its first
//! subscription stands.

use std::sync::Arc;
use std::time::Duration;

use openlance_core::Clock;
use openlance_storage::Db;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::{BrokerBus, Consumer, ConsumerHealth, ConsumerSettings};

#[derive(Debug, Clone)]
pub struct SupervisorSettings {
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for SupervisorSettings {
    fn default() -> Self {
        Self {
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }
}

/// Runs each of `consumers` on `bus` as a supervised task; the tasks end at shutdown.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one consumer pool, named"
)]
pub fn supervise<B: BrokerBus>(
    bus: B,
    db: Db,
    clock: Arc<dyn Clock>,
    consumers: Vec<Arc<dyn Consumer>>,
    settings: ConsumerSettings,
    restart: SupervisorSettings,
    health: ConsumerHealth,
    shutdown: watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    consumers
        .into_iter()
        .map(|consumer| {
            let (bus, db, clock, settings, restart, health, shutdown) = (
                bus.clone(),
                db.clone(),
                clock.clone(),
                settings.clone(),
                restart.clone(),
                health.clone(),
                shutdown.clone(),
            );
            tokio::spawn(async move {
                run_supervised(
                    bus, db, clock, consumer, settings, restart, health, shutdown,
                )
                .await
            })
        })
        .collect()
}

#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one consumer, named"
)]
async fn run_supervised<B: BrokerBus>(
    bus: B,
    db: Db,
    clock: Arc<dyn Clock>,
    consumer: Arc<dyn Consumer>,
    settings: ConsumerSettings,
    restart: SupervisorSettings,
    health: ConsumerHealth,
    mut shutdown: watch::Receiver<bool>,
) {
    let name = consumer.name();
    // Not ready until subscribed: a fresh instance does not take traffic before its consumers.
    health.down(name, "starting");
    let mut delay = restart.first_delay;
    loop {
        let started = tokio::time::Instant::now();
        let outcome = bus
            .run_consumer(
                db.clone(),
                clock.clone(),
                consumer.clone(),
                settings.clone(),
                health.clone(),
                shutdown.clone(),
            )
            .await;
        if stopping(&shutdown) {
            return;
        }
        let error = match outcome {
            Ok(()) => "the broker ended the subscription".to_string(),
            Err(e) => e.0,
        };
        health.down(name, &error);
        // A consumer that ran a good while before failing starts over at the first delay.
        if started.elapsed() > restart.max_delay {
            delay = restart.first_delay;
        }
        tracing::error!(consumer = name, error = %error, retry_in_ms = delay.as_millis() as u64,
            "event consumer stopped; restarting");
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = shutdown.changed() => {}
        }
        if stopping(&shutdown) {
            return;
        }
        delay = (delay * 2).min(restart.max_delay);
    }
}

fn stopping(shutdown: &watch::Receiver<bool>) -> bool {
    *shutdown.borrow() || shutdown.has_changed().is_err()
}
