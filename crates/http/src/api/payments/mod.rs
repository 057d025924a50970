//! Payments routes: our own `/api/v1/wallet`, the admin ledger view, and WorkUp's payment routes.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
