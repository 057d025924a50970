//! The same behaviour from both caches: the in-memory one always, Redis when
//! `OPENLANCE_TEST_REDIS_URL` is set (CI sets it and fails if Redis is unreachable).

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::sync::Arc;
use std::time::Duration;

use openlance_cache::{Cache, MemoryCache, RedisCache};

async fn caches() -> Vec<(&'static str, Arc<dyn Cache>)> {
    let mut all: Vec<(&'static str, Arc<dyn Cache>)> =
        vec![("memory", Arc::new(MemoryCache::new(100)))];
    match std::env::var("OPENLANCE_TEST_REDIS_URL") {
        Ok(url) => {
            let prefix = format!("test:{}:", uuid::Uuid::now_v7().simple());
            let redis = RedisCache::connect(&url, &prefix)
                .await
                .unwrap_or_else(|e| panic!("Redis at {url} must be reachable: {e}"));
            all.push(("redis", Arc::new(redis)));
        }
        Err(_) => {
            eprintln!("OPENLANCE_TEST_REDIS_URL is not set: Redis is not exercised in this run")
        }
    }
    all
}

#[tokio::test]
async fn values_are_read_back_until_deleted() {
    for (name, cache) in caches().await {
        assert_eq!(cache.get("a").await.unwrap(), None, "{name}");
        cache
            .set("a", b"one", Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(
            cache.get("a").await.unwrap().as_deref(),
            Some(&b"one"[..]),
            "{name}"
        );
        cache
            .set("a", b"two", Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(
            cache.get("a").await.unwrap().as_deref(),
            Some(&b"two"[..]),
            "{name}"
        );
        cache.delete("a").await.unwrap();
        assert_eq!(cache.get("a").await.unwrap(), None, "{name}");
    }
}

#[tokio::test]
async fn values_expire_after_their_time_to_live() {
    for (name, cache) in caches().await {
        cache
            .set("short", b"x", Duration::from_millis(50))
            .await
            .unwrap();
        cache
            .set("long", b"y", Duration::from_secs(60))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert_eq!(cache.get("short").await.unwrap(), None, "{name}");
        assert!(cache.get("long").await.unwrap().is_some(), "{name}");
        cache.delete("long").await.unwrap();
    }
}

#[tokio::test]
async fn the_memory_cache_stays_within_its_capacity() {
    let cache = MemoryCache::new(3);
    for i in 0..10u64 {
        cache
            .set(&format!("k{i}"), b"v", Duration::from_secs(60 + i))
            .await
            .unwrap();
    }
    let kept = {
        let mut n = 0;
        for i in 0..10 {
            if cache.get(&format!("k{i}")).await.unwrap().is_some() {
                n += 1;
            }
        }
        n
    };
    assert_eq!(kept, 3);
    assert!(
        cache.get("k9").await.unwrap().is_some(),
        "the newest entry is kept"
    );
}

#[tokio::test]
async fn a_full_memory_cache_makes_room_by_dropping_the_entries_closest_to_expiry() {
    let cache = MemoryCache::new(80);
    for i in 0..1000u64 {
        cache
            .set(&format!("k{i}"), b"v", Duration::from_secs(60 + i))
            .await
            .unwrap();
    }
    let mut kept = Vec::new();
    for i in 0..1000u64 {
        if cache.get(&format!("k{i}")).await.unwrap().is_some() {
            kept.push(i);
        }
    }
    assert!((70..=80).contains(&kept.len()), "{}", kept.len());
    assert!(
        kept.iter().all(|&i| i >= 1000 - 80),
        "only the latest to expire are kept: {kept:?}"
    );
    assert_eq!(kept.last(), Some(&999));
}
