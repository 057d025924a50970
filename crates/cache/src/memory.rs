//! The embedded cache: a bounded map with per-entry expiry. When full, expired entries go
//! first, then the eighth of the entries closest to expiry.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use crate::{Cache, CacheError};

pub struct MemoryCache {
    capacity: usize,
    entries: Mutex<HashMap<String, (Instant, Vec<u8>)>>,
}

impl MemoryCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait]
impl Cache for MemoryCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match entries.get(key) {
            Some((expires, value)) if *expires > Instant::now() => Ok(Some(value.clone())),
            Some(_) => {
                entries.remove(key);
                Ok(None)
            }
            None => Ok(None),
        }
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= self.capacity && !entries.contains_key(key) {
            entries.retain(|_, (expires, _)| *expires > now);
            if entries.len() >= self.capacity {
                // An eighth at once, so a full cache scans its entries once per eighth of
                // its capacity in new keys, not for every one.
                let batch = (self.capacity / 8).max(1);
                let mut expiries: Vec<Instant> = entries.values().map(|(e, _)| *e).collect();
                let cutoff = *expiries.select_nth_unstable(batch - 1).1;
                let mut left = batch;
                entries.retain(|_, (expires, _)| {
                    let goes = left > 0 && *expires <= cutoff;
                    left -= usize::from(goes);
                    !goes
                });
            }
        }
        entries.insert(key.to_string(), (now + ttl, value.to_vec()));
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
        Ok(())
    }
}
