//! Scheduled pruning: a list of named jobs that each delete what has outlived its
//! retention, run every `interval` until shutdown. The bus registers its own (published
//! outbox rows with consumer receipts, old dead letters); other contexts register theirs
//! the same way (expired refresh and reset tokens, old idempotency keys).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use openlance_core::Clock;
use openlance_storage::Db;
use tokio::sync::watch;

/// What one run of a job returns: how many rows it deleted, or why it failed.
pub type PruneFuture = Pin<Box<dyn Future<Output = Result<u64, String>> + Send>>;

/// A named, repeatable prune step.
pub struct PruneJob {
    pub name: &'static str,
    run: Box<dyn Fn() -> PruneFuture + Send + Sync>,
}

impl PruneJob {
    pub fn new(name: &'static str, run: impl Fn() -> PruneFuture + Send + Sync + 'static) -> Self {
        Self {
            name,
            run: Box::new(run),
        }
    }
}

/// The jobs and how often to run them.
pub struct Pruner {
    interval: Duration,
    jobs: Vec<PruneJob>,
}

impl Pruner {
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            jobs: Vec::new(),
        }
    }

    pub fn with(mut self, job: PruneJob) -> Self {
        self.jobs.push(job);
        self
    }

    /// Runs every job once; a failing job is logged and does not stop the others.
    pub async fn run_once(&self) -> Vec<(&'static str, Result<u64, String>)> {
        let mut results = Vec::with_capacity(self.jobs.len());
        for job in &self.jobs {
            let outcome = (job.run)().await;
            match &outcome {
                Ok(0) => {}
                Ok(n) => tracing::info!(job = job.name, pruned = n, "pruned"),
                Err(e) => tracing::warn!(job = job.name, error = %e, "pruning failed"),
            }
            results.push((job.name, outcome));
        }
        results
    }

    /// Runs the jobs now and then every `interval`, until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            self.run_once().await;
            tokio::select! {
                _ = tokio::time::sleep(self.interval) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() || shutdown.has_changed().is_err() {
                return;
            }
        }
    }
}

/// How long the bus keeps what it no longer needs.
#[derive(Debug, Clone)]
pub struct Retention {
    /// Published outbox rows and finished consumer receipts.
    pub published: Duration,
    /// Dead letters nobody retried.
    pub dead_letters: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            published: Duration::from_secs(7 * 24 * 3600),
            dead_letters: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// The bus's own prune jobs.
pub fn bus_jobs(db: &Db, clock: &Arc<dyn Clock>, retention: &Retention) -> Vec<PruneJob> {
    let (db1, clock1, keep1) = (db.clone(), clock.clone(), retention.published);
    let (db2, clock2, keep2) = (db.clone(), clock.clone(), retention.dead_letters);
    vec![
        PruneJob::new("outbox.published", move || {
            let (db, cutoff) = (
                db1.clone(),
                crate::dead_letters::cutoff(clock1.as_ref(), keep1),
            );
            Box::pin(async move {
                crate::outbox::prune_published(&db, cutoff)
                    .await
                    .map_err(|e| e.to_string())
            })
        }),
        PruneJob::new("bus.dead_letters", move || {
            let (db, cutoff) = (
                db2.clone(),
                crate::dead_letters::cutoff(clock2.as_ref(), keep2),
            );
            Box::pin(async move {
                crate::dead_letters::prune(&db, cutoff)
                    .await
                    .map_err(|e| e.to_string())
            })
        }),
    ]
}
