//! `GET|POST /api/v1/users/freelancer/profile`: the caller's freelancer profile.

use axum::Json;
use axum::extract::State;
use openlance_accounts::{MyProfile, ProfilePatch, Role};
use openlance_core::Problem;
use openlance_core::id::UserId;
use serde::{Deserialize, Serialize};

use super::{renamed, require};
use crate::{ApiError, ApiJson, AppState, AuthUser};

/// A freelancer's own profile, as WorkUp shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FreelancerProfileView {
    pub user_id: UserId,
    pub email: String,
    pub full_name: String,
    pub city: Option<String>,
    pub job_title: Option<String>,
    pub description: Option<String>,
    pub birth_date: Option<String>,
    pub languages: Vec<String>,
    pub skills: Vec<String>,
    pub photo_link: Option<String>,
    pub resume_link: Option<String>,
}

impl From<MyProfile> for FreelancerProfileView {
    fn from(p: MyProfile) -> Self {
        Self {
            user_id: p.profile.id,
            email: p.email,
            full_name: p.profile.name,
            city: p.profile.city,
            job_title: p.profile.job_title,
            description: p.profile.bio,
            birth_date: p.birth_date,
            languages: p.profile.languages,
            skills: p.profile.skills,
            photo_link: p.profile.photo_link,
            resume_link: p.profile.resume_link,
        }
    }
}

/// The caller's freelancer profile.
#[utoipa::path(get, path = "/api/v1/users/freelancer/profile", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = FreelancerProfileView), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "not a freelancer")))]
pub async fn get_freelancer_profile(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<FreelancerProfileView>, ApiError> {
    require(&me, Role::Freelancer)?;
    Ok(Json(state.accounts.my_profile(me.user_id).await?.into()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetFreelancerProfileRequest {
    pub full_name: Option<String>,
    pub city: Option<String>,
    pub job_title: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
}

/// Changes the fields sent; an empty string clears one.
#[utoipa::path(post, path = "/api/v1/users/freelancer/profile", tag = "workup-users",
    security(("bearer" = [])),
    request_body = SetFreelancerProfileRequest,
    responses((status = 200, body = FreelancerProfileView), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_freelancer_profile(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<SetFreelancerProfileRequest>,
) -> Result<Json<FreelancerProfileView>, ApiError> {
    require(&me, Role::Freelancer)?;
    let patch = ProfilePatch {
        name: body.full_name,
        city: body.city,
        job_title: body.job_title,
        bio: body.description,
        birth_date: body.birth_date,
        ..Default::default()
    };
    let profile = state
        .accounts
        .update_profile(me.user_id, &patch)
        .await
        .map_err(|e| renamed(e, &[("name", "fullName"), ("bio", "description")]))?;
    Ok(Json(profile.into()))
}
