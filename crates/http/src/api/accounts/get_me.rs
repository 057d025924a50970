//! `GET /api/v1/users/me`: the caller's own account and profile.

use axum::Json;
use axum::extract::State;
use openlance_accounts::MyProfile;
use openlance_core::Problem;

use crate::{ApiError, AppState, AuthUser};

/// The signed-in user's account and profile, private fields included.
#[utoipa::path(get, path = "/api/v1/users/me", tag = "accounts",
    security(("bearer" = [])),
    responses((status = 200, body = MyProfile), (status = 401, body = Problem)))]
pub async fn get_me(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<MyProfile>, ApiError> {
    Ok(Json(state.accounts.my_profile(me.user_id).await?))
}
