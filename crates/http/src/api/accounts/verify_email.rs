//! Email verification: request a link (authenticated), then confirm with its token.

use axum::extract::State;
use axum::http::StatusCode;
use openlance_core::Problem;
use serde::Deserialize;

use crate::{ApiError, ApiJson, AppState, AuthUser, ClientAddr};

/// Emails the caller a verification link (through the outbox).
#[utoipa::path(post, path = "/api/v1/auth/verify-email/request", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "the email is on its way"),
        (status = 401, body = Problem),
        (status = 409, body = Problem, description = "already verified"),
        (status = 429, body = Problem, description = "too many requests from this address; see Retry-After"),
    ))]
pub async fn request_email_verification(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ClientAddr(addr): ClientAddr,
) -> Result<StatusCode, ApiError> {
    state
        .accounts
        .request_email_verification(me.user_id, &addr)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VerifyEmailRequest {
    /// The token from the emailed link.
    pub token: String,
}

/// Confirms the email address; each token works once and expires.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "accounts",
    request_body = VerifyEmailRequest,
    responses(
        (status = 204, description = "verified"),
        (status = 400, body = Problem, description = "invalid, used or expired token"),
    ))]
pub async fn verify_email(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<VerifyEmailRequest>,
) -> Result<StatusCode, ApiError> {
    state.accounts.verify_email(&body.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
