//! A key-value cache for hot reads, behind one trait: [`MemoryCache`] in the embedded
//! default (`memory:`), [`RedisCache`] when several instances must share it (`redis://…`).
//! Values are bytes with a time to live; a cache miss or a cache fault is never an error
//! for the reader, which then asks the database.

mod memory;
mod redis_cache;

use std::time::Duration;

use async_trait::async_trait;

pub use memory::MemoryCache;
pub use redis_cache::RedisCache;

#[derive(Debug, thiserror::Error)]
#[error("cache: {0}")]
pub struct CacheError(pub String);

#[async_trait]
pub trait Cache: Send + Sync + 'static {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError>;
    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError>;
    async fn delete(&self, key: &str) -> Result<(), CacheError>;
}

/// Opens the cache named by `url`: `memory:` or `redis://HOST:PORT[/DB]`.
pub async fn connect(url: &str) -> Result<std::sync::Arc<dyn Cache>, CacheError> {
    if url == "memory:" || url.is_empty() {
        Ok(std::sync::Arc::new(MemoryCache::new(10_000)))
    } else if url.starts_with("redis://") || url.starts_with("rediss://") {
        Ok(std::sync::Arc::new(
            RedisCache::connect(url, "openlance:").await?,
        ))
    } else {
        Err(CacheError(format!(
            "unsupported cache URL '{url}': use memory: or redis://…"
        )))
    }
}
