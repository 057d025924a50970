//! Renewing an expired session once for many requests. A refresh token is single use, and
//! presenting a used one means it leaked (accounts then revokes the whole sign-in). A
//! browser may send several requests at once with the same expired session — two tabs, a
//! page and a form — so renewals here are serialised, and a renewal is remembered for a
//! short while: a second request with the same refresh token gets the same new session
//! instead of replaying the token. (The common "reuse interval" of refresh-token rotation;
//! per instance — behind a load balancer, keep a visitor on one instance or accept that a
//! rare race signs them out.)

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use openlance_accounts::Session;
use openlance_http::AppState;
use tokio::sync::Mutex;

/// How long a renewal answers repeats of the refresh token it used.
const REUSE: Duration = Duration::from_secs(30);

type Renewed = HashMap<String, (Instant, Session)>;

fn renewed() -> &'static Mutex<Renewed> {
    static RENEWED: OnceLock<Mutex<Renewed>> = OnceLock::new();
    RENEWED.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The new session for `refresh`, or `None` when it cannot be renewed (expired, revoked,
/// unknown). Renewals are rare (once per access token's life per visitor), so one lock for
/// all of them costs nothing noticeable.
pub async fn renew(state: &AppState, refresh: &str) -> Option<Session> {
    let mut renewed = renewed().lock().await;
    let now = Instant::now();
    renewed.retain(|_, (at, _)| now.duration_since(*at) < REUSE);
    if let Some((_, session)) = renewed.get(refresh) {
        return Some(session.clone());
    }
    let session = state.accounts.refresh(refresh).await.ok()?;
    renewed.insert(refresh.to_string(), (now, session.clone()));
    Some(session)
}
