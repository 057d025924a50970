//! `PUT /api/v1/notifications/preferences`: turns e-mail on or off for the kinds listed
//! (the others keep their setting). Security kinds cannot be turned off.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::PreferencesView;
use crate::{ApiError, ApiJson, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferenceChange {
    /// The kind's name, as `GET` lists it.
    pub kind: String,
    /// Whether it is e-mailed.
    pub email: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesUpdate {
    pub preferences: Vec<PreferenceChange>,
}

/// Sets the e-mail preference of the kinds listed, all or none.
#[utoipa::path(put, path = "/api/v1/notifications/preferences", tag = "notifications",
    security(("bearer" = [])), request_body = PreferencesUpdate,
    responses((status = 200, body = PreferencesView), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 422, body = Problem, description = "a security kind cannot be turned off")))]
pub async fn update_preferences(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(update): ApiJson<PreferencesUpdate>,
) -> Result<Json<PreferencesView>, ApiError> {
    let changes: Vec<(String, bool)> = update
        .preferences
        .into_iter()
        .map(|c| (c.kind, c.email))
        .collect();
    let preferences = state
        .notifications
        .set_email_preferences(me.user_id, &changes)
        .await?;
    Ok(Json(PreferencesView::new(preferences)))
}
