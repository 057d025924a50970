//! Accounts routes: our own `/api/v1/auth`, `/api/v1/users`, and WorkUp's user routes.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
