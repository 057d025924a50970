//! Renewing an expired session once for many requests. A refresh token is single use, and
//! presenting a used one means it leaked (accounts then revokes the whole sign-in). A
//! browser may send several requests at once with the same expired session — two tabs, a
//! page and a form — so renewals of one token here are serialised, and a renewal is
//! remembered for a short while: a second request with the same refresh token gets the same new session
//! instead of replaying the token. (The common "reuse interval" of refresh-token rotation;
//! per instance — behind a load balancer, keep a visitor on one instance or accept that a
//! rare race signs them out.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use openlance_accounts::Session;
use openlance_http::AppState;

/// How long a renewal answers repeats of the refresh token it used.
const REUSE: Duration = Duration::from_secs(30);

/// One refresh token's renewal: locked while it runs, holding its session once done.
type Slot = Arc<tokio::sync::Mutex<Option<Session>>>;

/// The refresh tokens being renewed or renewed within [`REUSE`]. A failed renewal leaves
/// at once, so the map holds only requests in flight and recent successes.
fn slots() -> &'static Mutex<HashMap<String, (Instant, Slot)>> {
    static SLOTS: OnceLock<Mutex<HashMap<String, (Instant, Slot)>>> = OnceLock::new();
    SLOTS.get_or_init(Default::default)
}

fn slot_for(refresh: &str) -> Slot {
    let mut slots = slots()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let now = Instant::now();
    slots.retain(|_, (at, _)| now.duration_since(*at) < REUSE);
    let (_, slot) = slots
        .entry(refresh.to_string())
        .or_insert_with(|| (now, Slot::default()));
    slot.clone()
}

fn forget(refresh: &str) {
    let mut slots = slots()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    slots.remove(refresh);
}

/// The new session for `refresh`, or `None` when it cannot be renewed (expired, revoked,
/// unknown). Requests with the same token wait for one renewal and share it; different
/// tokens renew in parallel, so bogus tokens never hold up anyone else's.
pub async fn renew(state: &AppState, refresh: &str) -> Option<Session> {
    let slot = slot_for(refresh);
    let mut renewed = slot.lock().await;
    if let Some(session) = renewed.as_ref() {
        return Some(session.clone());
    }
    match state.accounts.refresh(refresh).await {
        Ok(session) => {
            *renewed = Some(session.clone());
            Some(session)
        }
        Err(_) => {
            forget(refresh);
            None
        }
    }
}
