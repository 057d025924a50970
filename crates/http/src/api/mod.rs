//! The REST API under `/api/v1`, one module per resource, one file per non-trivial action.

pub mod accounts;
pub mod contracts;
pub mod jobs;
pub mod notifications;
pub mod orders;
pub mod payments;
pub mod reviews;
pub mod services;
pub mod workup_amount;
pub mod workup_envelope;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Every context's routes, from the registry.
pub fn router(state: Option<AppState>) -> OpenApiRouter<AppState> {
    crate::contexts()
        .iter()
        .fold(OpenApiRouter::new(), |routes, context| {
            routes.merge((context.routes)(state.clone()))
        })
}
