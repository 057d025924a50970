//! Password reset: request a link by email (never revealing whether the account
//! exists), then set a new password with its token.

use axum::extract::State;
use axum::http::StatusCode;
use openlance_core::Problem;
use serde::Deserialize;

use crate::{ApiError, ApiJson, AppState, ClientAddr};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PasswordResetRequest {
    pub email: String,
}

/// Emails a reset link if the account exists; the answer is 202 either way.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/request", tag = "accounts",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "if the account exists, an email is on its way"),
        (status = 400, body = Problem, description = "not an email address"),
        (status = 429, body = Problem, description = "too many requests from this address; see Retry-After"),
    ))]
pub async fn request_password_reset(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .request_password_reset(&body.email, &addr)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The token from the emailed link.
    pub token: String,
    /// At least 10 characters, not a common password.
    pub new_password: String,
}

/// Sets a new password and signs out every device (all refresh tokens are revoked).
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "password changed"),
        (status = 400, body = Problem, description = "invalid, used or expired token, or weak password"),
        (status = 429, body = Problem, description = "too many attempts from this address; see Retry-After"),
        (status = 503, body = Problem, description = "too busy hashing passwords; see Retry-After"),
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .reset_password(&body.token, &body.new_password, &addr)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
