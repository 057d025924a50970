//! The REST API under `/api/v1`, one module per resource, one file per non-trivial action.

pub mod accounts;
pub mod payments;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router(state: Option<AppState>) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(accounts::router(state))
        .merge(payments::router())
}
