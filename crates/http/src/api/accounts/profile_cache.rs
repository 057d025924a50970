//! Public profiles are a hot read (every service page and proposal shows one), so
//! `GET /api/v1/users/{id}` is served from the cache for up to a minute. Any successful
//! change a signed-in user makes through the accounts routes forgets their cached profile,
//! so the owner, and everyone else, sees an edit at once.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use openlance_core::DomainError;
use openlance_core::id::UserId;

use crate::AppState;
use crate::extract::credentials;

pub const TTL: Duration = Duration::from_secs(60);

pub fn key(id: UserId) -> String {
    format!("accounts:public_profile:{id}")
}

/// The public profile of `id` as JSON: from the cache, else from the accounts context
/// (then cached). A cache fault is logged and the database answers.
pub(crate) async fn public_profile_json(
    state: &AppState,
    id: UserId,
) -> Result<Vec<u8>, DomainError> {
    let key = key(id);
    match state.cache.get(&key).await {
        Ok(Some(json)) => return Ok(json),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "profile cache unavailable; reading the database"),
    }
    let json = serde_json::to_vec(&state.accounts.public_profile(id).await?)
        .map_err(DomainError::internal)?;
    if let Err(e) = state.cache.set(&key, &json, TTL).await {
        tracing::warn!(error = %e, "could not cache a profile");
    }
    Ok(json)
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
