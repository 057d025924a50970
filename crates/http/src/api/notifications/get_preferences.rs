//! `GET /api/v1/notifications/preferences`: every kind of notification with whether the
//! caller gets it by e-mail.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;

use super::views::PreferencesView;
use crate::{ApiError, AppState, AuthUser};

/// The caller's e-mail preferences, one per kind.
#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = PreferencesView), (status = 401, body = Problem)))]
pub async fn get_preferences(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PreferencesView>, ApiError> {
    let preferences = state.notifications.preferences(me.user_id).await?;
    Ok(Json(PreferencesView::new(preferences)))
}
