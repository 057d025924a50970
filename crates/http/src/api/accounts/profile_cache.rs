//! Public profiles are a hot read (every service page and proposal shows one), so
//! `GET /api/v1/users/{id}` is served from the cache for up to a minute. Any successful
//! change a signed-in user makes through the accounts routes forgets their cached profile,
//! so the owner, and everyone else, sees an edit at once.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use openlance_core::id::UserId;

use crate::AppState;
use crate::extract::credentials;

pub const TTL: Duration = Duration::from_secs(60);

pub fn key(id: UserId) -> String {
    format!("accounts:public_profile:{id}")
}

/// Middleware on the accounts routes: after a successful change by a signed-in user,
/// drop that user's cached public profile.
pub async fn forget_changed_profile(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let (parts, body) = req.into_parts();
    let caller = changes
        .then(|| credentials(&parts))
        .flatten()
        .and_then(|token| state.accounts.authenticate(token).ok())
        .map(|p| p.user_id);
    let res = next.run(Request::from_parts(parts, body)).await;
    if let Some(id) = caller
        && res.status().is_success()
        && let Err(e) = state.cache.delete(&key(id)).await
    {
        tracing::warn!(error = %e, "could not forget a cached profile; it expires within a minute");
    }
    res
}
