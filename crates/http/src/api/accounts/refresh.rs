//! `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`: the refresh token's life.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use openlance_accounts::Session;
use openlance_core::Problem;
use serde::Deserialize;

use crate::{ApiError, ApiJson, AppState};

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Exchanges a refresh token for new tokens. Each refresh token works once; presenting
/// one again revokes every token descended from the same login.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = Session),
        (status = 401, body = Problem, description = "unknown, expired, revoked or reused token"),
    ))]
pub async fn refresh_session(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(state.accounts.refresh(&body.refresh_token).await?))
}

/// Signs out: revokes the refresh token and every token of the same login.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    request_body = RefreshRequest,
    responses((status = 204, description = "signed out")))]
pub async fn logout(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.logout(&body.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
