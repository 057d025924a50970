//! WorkUp's login and its two registration forms; all answer 200 with `authToken`, as
//! WorkUp does. Fields WorkUp sends that we do not use are ignored.

use axum::Json;
use axum::extract::State;
use openlance_accounts::{ProfilePatch, Registration, RegistrationFields, Role, Session};
use openlance_core::Problem;
use openlance_core::id::UserId;
use serde::{Deserialize, Serialize};

use super::renamed;
use crate::{ApiError, ApiJson, AppState, ClientAddr};

/// WorkUp's sign-in answer, with our refresh token added.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupAuthResponse {
    pub success: bool,
    /// The access token (JWT) to send as `Authorization: Bearer <authToken>`.
    pub auth_token: String,
    pub refresh_token: String,
    pub user_id: UserId,
    /// `FREELANCER`, `CLIENT` or `ADMIN` (the first that applies, in that order).
    pub user_type: Role,
    /// Seconds until `authToken` expires.
    pub expires_in: i64,
}

impl From<Session> for WorkupAuthResponse {
    fn from(s: Session) -> Self {
        let user_type = [Role::Freelancer, Role::Client, Role::Admin]
            .into_iter()
            .find(|r| s.user.roles.contains(r))
            .unwrap_or(Role::Client);
        Self {
            success: true,
            auth_token: s.access_token,
            refresh_token: s.refresh_token,
            user_id: s.user.id,
            user_type,
            expires_in: s.expires_in,
        }
    }
}

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupLoginRequest {
    pub email: String,
    pub password: String,
}

/// WorkUp's login; throttled like `POST /api/v1/auth/login`.
#[utoipa::path(post, path = "/api/v1/users/login", tag = "workup-users",
    request_body = WorkupLoginRequest,
    responses(
        (status = 200, body = WorkupAuthResponse),
        (status = 401, body = Problem),
        (status = 429, body = Problem),
        (status = 503, body = Problem, description = "too busy hashing passwords; see Retry-After"),
    ))]
pub async fn workup_login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<WorkupLoginRequest>,
) -> Result<Json<WorkupAuthResponse>, ApiError> {
    let session = state
        .accounts
        .login(&body.email, &body.password, &addr)
        .await?;
    Ok(Json(session.into()))
}

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientRegisterRequest {
    pub email: String,
    pub password: String,
    pub client_name: String,
    pub industry: Option<String>,
    pub city: Option<String>,
    pub description: Option<String>,
    pub employee_count: Option<i64>,
}

const CLIENT_FIELDS: &[(&str, &str)] = &[("companyDescription", "description")];

/// Registers a client (a company or person that hires).
#[utoipa::path(post, path = "/api/v1/users/clients/register", tag = "workup-users",
    request_body = ClientRegisterRequest,
    responses(
        (status = 200, body = WorkupAuthResponse),
        (status = 400, body = Problem),
        (status = 409, body = Problem, description = "the email is taken"),
        (status = 429, body = Problem, description = "too many registrations from this address; see Retry-After"),
        (status = 503, body = Problem, description = "too busy hashing passwords; see Retry-After"),
    ))]
pub async fn register_client(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<ClientRegisterRequest>,
) -> Result<Json<WorkupAuthResponse>, ApiError> {
    let profile = ProfilePatch {
        company_name: Some(body.client_name.clone()),
        industry: body.industry,
        city: body.city,
        company_description: body.description,
        employee_count: body.employee_count,
        ..Default::default()
    };
    let registration = Registration {
        email: body.email,
        password: body.password,
        name: body.client_name,
        roles: vec![Role::Client],
        profile,
        fields: RegistrationFields {
            name: "clientName",
            ..Default::default()
        },
    };
    let session = state
        .accounts
        .register(registration, &addr)
        .await
        .map_err(|e| renamed(e, CLIENT_FIELDS))?;
    Ok(Json(session.into()))
}

// No `Debug`: it carries a secret.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FreelancerRegisterRequest {
    pub email: String,
    pub password: String,
    pub full_name: String,
    pub job_title: Option<String>,
    pub city: Option<String>,
    /// `YYYY-MM-DD` (or an RFC 3339 timestamp).
    pub birth_date: Option<String>,
}

/// Registers a freelancer.
#[utoipa::path(post, path = "/api/v1/users/freelancers/register", tag = "workup-users",
    request_body = FreelancerRegisterRequest,
    responses(
        (status = 200, body = WorkupAuthResponse),
        (status = 400, body = Problem),
        (status = 409, body = Problem, description = "the email is taken"),
        (status = 429, body = Problem, description = "too many registrations from this address; see Retry-After"),
        (status = 503, body = Problem, description = "too busy hashing passwords; see Retry-After"),
    ))]
pub async fn register_freelancer(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<FreelancerRegisterRequest>,
) -> Result<Json<WorkupAuthResponse>, ApiError> {
    let registration = Registration {
        email: body.email,
        password: body.password,
        name: body.full_name,
        roles: vec![Role::Freelancer],
        profile: ProfilePatch {
            job_title: body.job_title,
            city: body.city,
            birth_date: body.birth_date,
            ..Default::default()
        },
        fields: RegistrationFields {
            name: "fullName",
            ..Default::default()
        },
    };
    let session = state.accounts.register(registration, &addr).await?;
    Ok(Json(session.into()))
}
