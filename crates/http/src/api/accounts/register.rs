//! `POST /api/v1/auth/register`: a new client and/or freelancer account, signed in.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use openlance_accounts::{Registration, Role, Session};
use openlance_core::Problem;
use serde::Deserialize;

use crate::{ApiError, ApiJson, AppState, ClientAddr};

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RegisterRequest {
    /// Unique, compared case-insensitively.
    pub email: String,
    /// At least 10 characters, not a common password.
    pub password: String,
    /// Display name.
    pub name: String,
    /// `CLIENT`, `FREELANCER` or both; `ADMIN` is refused here.
    pub roles: Vec<Role>,
}

/// Registers a user and returns their tokens.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, body = Session, description = "registered and signed in"),
        (status = 400, body = Problem, description = "invalid input"),
        (status = 409, body = Problem, description = "the email is taken"),
        (status = 429, body = Problem, description = "too many registrations from this address; see Retry-After"),
        (status = 503, body = Problem, description = "too busy hashing passwords; see Retry-After"),
    ))]
pub async fn register_user(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let session = state
        .accounts
        .register(
            Registration {
                email: body.email,
                password: body.password,
                name: body.name,
                roles: body.roles,
                ..Default::default()
            },
            &addr,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(session)))
}
