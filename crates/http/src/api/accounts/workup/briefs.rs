//! `GET /api/v1/users/freelancer/profile_briefs`: the caller's own brief, `{email,
//! fullName}`, as WorkUp answers it (FREELANCERs only). The public directory of
//! freelancers is Openlance's `GET /api/v1/freelancers`.

use axum::Json;
use axum::extract::State;
use openlance_accounts::Role;
use openlance_core::Problem;
use serde::Serialize;

use super::require;
use crate::{ApiError, AppState, AuthUser};

/// The caller's brief.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileBrief {
    pub email: String,
    pub full_name: String,
}

/// The caller's e-mail address and full name.
#[utoipa::path(get, path = "/api/v1/users/freelancer/profile_briefs", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = ProfileBrief), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller is not a freelancer")))]
pub async fn profile_briefs(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<ProfileBrief>, ApiError> {
    require(&me, Role::Freelancer)?;
    let mine = state.accounts.my_profile(me.user_id).await?;
    Ok(Json(ProfileBrief {
        email: mine.email,
        full_name: mine.profile.name,
    }))
}
