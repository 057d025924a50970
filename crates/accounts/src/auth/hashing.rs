//! The limit on password hashing. Each Argon2id hash takes ~19 MiB and a core for tens
//! of milliseconds, so a burst of logins or registrations, unlimited, fills memory with
//! blocked threads and the database pool with waiting requests. Here at most
//! `max_concurrent_hashes` run at once, a short queue waits briefly for a slot, and
//! everything beyond is refused at once with `Overloaded` (503 with `Retry-After`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use openlance_core::{DomainError, Result};
use tokio::sync::Semaphore;

use crate::{AccountsConfig, auth::password};

type Job = Box<dyn FnOnce() + Send>;

/// How long a hashing thread keeps Argon2's 19 MiB blocks without a hash to compute: a
/// burst of logins reuses them, and a quiet server gives them back (38 MiB on two cores).
const KEEP_BLOCKS_IDLE: Duration = Duration::from_secs(2);

/// The threads that compute hashes: one per core, for the whole process. Dedicated
/// long-lived threads, rather than the runtime's blocking pool (which starts new threads
/// under load), keep Argon2id's 19 MiB blocks in a few allocator arenas: measured with
/// the blocking pool, a burst of 500 registrations left the process at 660–880 MiB.
struct HashingThreads(crossbeam_channel::Sender<Job>);

impl HashingThreads {
    fn start() -> Self {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..threads {
            let queue = queue.clone();
            let started = std::thread::Builder::new()
                .name(format!("openlance-hash-{i}"))
                .spawn(move || {
                    loop {
                        match queue.recv_timeout(KEEP_BLOCKS_IDLE) {
                            // A panicking job must not take the thread with it.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(RecvTimeoutError::Timeout) => password::release_blocks(),
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                });
            if let Err(e) = started {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        Self(jobs)
    }

    fn run(&self, job: Job) -> Result<()> {
        self.0
            .send(job)
            .map_err(|_| DomainError::internal("no password hashing thread is running"))
    }
}

fn hashing_threads() -> &'static HashingThreads {
    static THREADS: std::sync::OnceLock<HashingThreads> = std::sync::OnceLock::new();
    THREADS.get_or_init(HashingThreads::start)
}

/// Slots for password hashing, shared by every request of one `Accounts`.
pub(crate) struct HashingLimit {
    slots: Arc<Semaphore>,
    queued: AtomicUsize,
    max_queued: usize,
    max_wait: std::time::Duration,
    running: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

/// Decrements a counter when dropped.
struct Count(Arc<AtomicUsize>);

impl Drop for Count {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn overloaded() -> DomainError {
    DomainError::Overloaded {
        retry_after_secs: 1,
    }
}

impl HashingLimit {
    pub(crate) fn new(config: &AccountsConfig) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(config.max_concurrent_hashes.max(1))),
            queued: AtomicUsize::new(0),
            max_queued: config.max_queued_hashes,
            max_wait: config.max_hash_wait,
            running: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// The most hashes that ever ran at once.
    pub(crate) fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// Runs CPU-bound `work` on a hashing thread once a slot is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let permit = match self.slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.queued.fetch_add(1, Ordering::SeqCst) >= self.max_queued {
                    self.queued.fetch_sub(1, Ordering::SeqCst);
                    return Err(overloaded());
                }
                let waited =
                    tokio::time::timeout(self.max_wait, self.slots.clone().acquire_owned()).await;
                self.queued.fetch_sub(1, Ordering::SeqCst);
                match waited {
                    Ok(Ok(permit)) => permit,
                    Ok(Err(_)) | Err(_) => return Err(overloaded()),
                }
            }
        };
        let running = self.running.clone();
        let peak = self.peak.clone();
        let (reply, answer) = tokio::sync::oneshot::channel();
        hashing_threads().run(Box::new(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            let running = Count(running);
            peak.fetch_max(now, Ordering::SeqCst);
            let out = work();
            // Leave the count before the slot, so the next hash never overlaps in it.
            drop(running);
            drop(permit);
            let _ = reply.send(out);
        }))?;
        answer
            .await
            .map_err(|_| DomainError::internal("a hashing thread stopped"))?
    }

    pub(crate) async fn hash(&self, password: &str) -> Result<String> {
        let password = password.to_string();
        self.run(move || password::hash_now(&password)).await
    }

    pub(crate) async fn verify(&self, password: &str, phc: &str) -> Result<bool> {
        let (password, phc) = (password.to_string(), phc.to_string());
        self.run(move || password::verify_now(&password, &phc))
            .await
    }

    /// Spends the work of a real check when the email is unknown, so response time does
    /// not reveal whether an account exists.
    pub(crate) async fn verify_dummy(&self, password: &str) -> Result<()> {
        let password = password.to_string();
        self.run(move || password::verify_now(&password, &password::dummy_hash()?))
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(slots: usize, queued: usize, wait_ms: u64) -> Arc<HashingLimit> {
        let mut config = AccountsConfig::new(vec![0; 32]);
        config.max_concurrent_hashes = slots;
        config.max_queued_hashes = queued;
        config.max_hash_wait = std::time::Duration::from_millis(wait_ms);
        Arc::new(HashingLimit::new(&config))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn never_more_hashes_at_once_than_slots_and_the_rest_are_overloaded_not_errors() {
        let limit = limit(2, 3, 50);
        let mut tasks = Vec::new();
        for _ in 0..24 {
            let limit = limit.clone();
            tasks.push(tokio::spawn(async move {
                limit.hash("correct horse battery").await
            }));
        }
        let (mut done, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(h) => {
                    assert!(h.starts_with("$argon2id$"));
                    done += 1;
                }
                Err(DomainError::Overloaded { retry_after_secs }) => {
                    assert_eq!(retry_after_secs, 1);
                    refused += 1;
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(done + refused, 24);
        assert!(done >= 2, "the first two always get a slot: {done}");
        assert!(limit.peak() <= 2, "peak {}", limit.peak());
    }
}
