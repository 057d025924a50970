//! The shared cache on Redis: `SET key value PX ttl`, `GET`, `DEL`, through a connection
//! manager that reconnects by itself. Keys are prefixed so tenants of one Redis can coexist.

use std::time::Duration;

use async_trait::async_trait;
use redis::aio::ConnectionManager;

use crate::{Cache, CacheError};

#[derive(Clone)]
pub struct RedisCache {
    conn: ConnectionManager,
    prefix: String,
}

fn fault(e: redis::RedisError) -> CacheError {
    CacheError(e.to_string())
}

impl RedisCache {
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, CacheError> {
        let client = redis::Client::open(url).map_err(fault)?;
        let conn = client.get_connection_manager().await.map_err(fault)?;
        Ok(Self {
            conn,
            prefix: prefix.to_string(),
        })
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

#[async_trait]
impl Cache for RedisCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, CacheError> {
        let mut conn = self.conn.clone();
        redis::cmd("GET")
            .arg(self.key(key))
            .query_async(&mut conn)
            .await
            .map_err(fault)
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), CacheError> {
        let mut conn = self.conn.clone();
        let millis = ttl.as_millis().clamp(1, u64::MAX as u128) as u64;
        redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("PX")
            .arg(millis)
            .query_async::<()>(&mut conn)
            .await
            .map_err(fault)
    }

    async fn delete(&self, key: &str) -> Result<(), CacheError> {
        let mut conn = self.conn.clone();
        redis::cmd("DEL")
            .arg(self.key(key))
            .query_async::<()>(&mut conn)
            .await
            .map_err(fault)
    }
}
