//! `POST /api/v1/auth/login`: email and password for tokens, throttled.

use axum::Json;
use axum::extract::State;
use openlance_accounts::Session;
use openlance_core::Problem;
use serde::Deserialize;

use crate::{ApiError, ApiJson, AppState, ClientAddr};

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Signs in. Wrong email and wrong password answer alike; repeated failures for one
/// account from one address (5, then a growing wait), for one account (50) or from one
/// address (100) within 15 minutes are refused with 429 and `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, body = Session),
        (status = 400, body = Problem, description = "invalid input"),
        (status = 401, body = Problem, description = "wrong email or password"),
        (status = 429, body = Problem, description = "too many failed attempts; see Retry-After"),
        (status = 503, body = Problem, description = "too busy hashing passwords; see Retry-After"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let session = state
        .accounts
        .login(&body.email, &body.password, &addr)
        .await?;
    Ok(Json(session))
}
