//! Operations endpoints: liveness, readiness, metrics.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;

use openlance_core::Problem;

use crate::{ApiError, AppState};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// The process can serve requests: its database answers and every event consumer it runs
/// is subscribed (a consumer being restarted after a broker fault makes it not ready).
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Health),
        (status = 503, body = Problem, description = "database unreachable, or an event consumer is down")))]
pub async fn readyz(State(state): State<AppState>) -> Result<axum::Json<Health>, ApiError> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            "the database is unreachable",
        )
    })?;
    let down = state.consumers.down_consumers();
    if !down.is_empty() {
        // The errors are in the log; the answer names the consumers only.
        let names: Vec<&str> = down.iter().map(|(name, _)| name.as_str()).collect();
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            format!("event consumer down, restarting: {}", names.join(", ")),
        ));
    }
    Ok(axum::Json(Health { status: "ready" }))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = state.metrics.render();
    // A database hiccup must not hide the HTTP metrics; the gauge is simply omitted.
    if let Ok(pending) = openlance_bus::outbox::pending(&state.db).await {
        text.push_str("# HELP openlance_outbox_pending Committed events not yet published.\n");
        text.push_str("# TYPE openlance_outbox_pending gauge\n");
        text.push_str(&format!("openlance_outbox_pending {pending}\n"));
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}
