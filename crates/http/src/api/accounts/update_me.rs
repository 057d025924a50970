//! `PATCH /api/v1/users/me`: change the caller's name and profile.

use axum::Json;
use axum::extract::State;
use openlance_accounts::{MyProfile, ProfilePatch};
use openlance_core::Problem;

use crate::{ApiError, ApiJson, AppState, AuthUser};

/// Changes the fields sent; an empty string clears a text field.
#[utoipa::path(patch, path = "/api/v1/users/me", tag = "accounts",
    security(("bearer" = [])),
    request_body = ProfilePatch,
    responses(
        (status = 200, body = MyProfile),
        (status = 400, body = Problem, description = "invalid input; nothing changed"),
        (status = 401, body = Problem),
    ))]
pub async fn update_me(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(patch): ApiJson<ProfilePatch>,
) -> Result<Json<MyProfile>, ApiError> {
    Ok(Json(
        state.accounts.update_profile(me.user_id, &patch).await?,
    ))
}
