//! Which broker consumers of this instance are running. The supervisor marks a consumer up
//! once its subscription stands and down (with the error) when it stops; `/readyz` answers
//! 503 naming the consumers that are down.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A shared, cheap-to-clone registry: consumer name → running or the error that stopped it.
#[derive(Clone, Default)]
pub struct ConsumerHealth {
    consumers: Arc<Mutex<BTreeMap<String, Option<String>>>>,
}

impl ConsumerHealth {
    /// `consumer` is subscribed and handling events.
    pub fn up(&self, consumer: &str) {
        self.map().insert(consumer.to_string(), None);
    }

    /// `consumer` stopped because of `error`; it is being restarted.
    pub fn down(&self, consumer: &str, error: &str) {
        self.map()
            .insert(consumer.to_string(), Some(error.to_string()));
    }

    /// The consumers that are down, with their last error, by name.
    pub fn down_consumers(&self) -> Vec<(String, String)> {
        self.map()
            .iter()
            .filter_map(|(name, error)| error.clone().map(|e| (name.clone(), e)))
            .collect()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Option<String>>> {
        self.consumers.lock().unwrap_or_else(|p| p.into_inner())
    }
}
