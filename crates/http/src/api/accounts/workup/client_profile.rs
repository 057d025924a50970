//! `GET|POST /api/v1/users/client/profile`: the caller's client profile.

use axum::Json;
use axum::extract::State;
use openlance_accounts::{MyProfile, ProfilePatch, Role};
use openlance_core::Problem;
use openlance_core::id::UserId;
use serde::{Deserialize, Serialize};

use super::{renamed, require};
use crate::{ApiError, ApiJson, AppState, AuthUser};

/// A client's own profile, as WorkUp shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientProfileView {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub city: Option<String>,
    pub description: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
    pub photo_link: Option<String>,
}

impl From<MyProfile> for ClientProfileView {
    fn from(p: MyProfile) -> Self {
        Self {
            user_id: p.profile.id,
            name: p.profile.company_name.unwrap_or(p.profile.name),
            email: p.email,
            city: p.profile.city,
            description: p.profile.company_description,
            industry: p.profile.industry,
            employee_count: p.profile.employee_count,
            photo_link: p.profile.photo_link,
        }
    }
}

/// The caller's client profile.
#[utoipa::path(get, path = "/api/v1/users/client/profile", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = ClientProfileView), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "not a client")))]
pub async fn get_client_profile(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<ClientProfileView>, ApiError> {
    require(&me, Role::Client)?;
    Ok(Json(state.accounts.my_profile(me.user_id).await?.into()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetClientProfileRequest {
    /// The client's (company) name; `clientName` is accepted too.
    #[serde(alias = "clientName")]
    pub name: Option<String>,
    pub city: Option<String>,
    pub description: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
}

/// Changes the fields sent; an empty string clears one.
#[utoipa::path(post, path = "/api/v1/users/client/profile", tag = "workup-users",
    security(("bearer" = [])),
    request_body = SetClientProfileRequest,
    responses((status = 200, body = ClientProfileView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_client_profile(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<SetClientProfileRequest>,
) -> Result<Json<ClientProfileView>, ApiError> {
    require(&me, Role::Client)?;
    let patch = ProfilePatch {
        name: body.name.clone(),
        company_name: body.name,
        city: body.city,
        company_description: body.description,
        industry: body.industry,
        employee_count: body.employee_count,
        ..Default::default()
    };
    let profile = state
        .accounts
        .update_profile(me.user_id, &patch)
        .await
        .map_err(|e| {
            renamed(
                e,
                &[
                    ("companyName", "name"),
                    ("companyDescription", "description"),
                ],
            )
        })?;
    Ok(Json(profile.into()))
}
