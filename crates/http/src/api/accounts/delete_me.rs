//! `DELETE /api/v1/users/me`: the caller deletes their account.

use axum::extract::State;
use axum::http::StatusCode;
use openlance_core::Problem;

use crate::{ApiError, AppState, AuthUser};

/// Deletes the account: personal data is removed, every token revoked. Records of
/// money movements are kept by their own contexts and refer to the anonymized account.
#[utoipa::path(delete, path = "/api/v1/users/me", tag = "accounts",
    security(("bearer" = [])),
    responses((status = 204, description = "deleted"), (status = 401, body = Problem)))]
pub async fn delete_me(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<StatusCode, ApiError> {
    state.accounts.delete_account(me.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
