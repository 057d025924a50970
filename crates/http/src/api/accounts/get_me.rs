//! `GET /api/v1/users/me`: the caller's own account.

use axum::Json;
use axum::extract::State;
use openlance_accounts::User;
use openlance_core::Problem;

use crate::{ApiError, AppState, AuthUser};

/// The signed-in user's account.
#[utoipa::path(get, path = "/api/v1/users/me", tag = "accounts",
    security(("bearer" = [])),
    responses((status = 200, body = User), (status = 401, body = Problem)))]
pub async fn get_me(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<User>, ApiError> {
    Ok(Json(state.accounts.me(me.user_id).await?))
}
