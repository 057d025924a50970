//! Photo and resume links: `GET|POST /api/v1/users/freelancer/{photo,resume}` and
//! `GET|POST /api/v1/users/client/photo`. POST takes a URL (uploads go to the media
//! server; this stores where the file lives).

use axum::Json;
use axum::extract::State;
use openlance_accounts::{Principal, ProfilePatch, Role};
use openlance_core::{DomainError, Problem};
use serde::{Deserialize, Serialize};

use super::require;
use crate::{ApiError, ApiJson, AppState, AuthUser};

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotoLink {
    /// An http(s) URL, or null when none is set.
    pub photo_link: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResumeLink {
    /// An http(s) URL, or null when none is set.
    pub resume_link: Option<String>,
}

fn required(link: Option<String>, field: &str) -> Result<String, DomainError> {
    link.ok_or_else(|| DomainError::invalid(field, "is required"))
}

async fn photo(state: &AppState, me: &Principal, role: Role) -> Result<Json<PhotoLink>, ApiError> {
    require(me, role)?;
    let p = state.accounts.my_profile(me.user_id).await?;
    Ok(Json(PhotoLink {
        photo_link: p.profile.photo_link,
    }))
}

async fn set_photo(
    state: &AppState,
    me: &Principal,
    role: Role,
    body: PhotoLink,
) -> Result<Json<PhotoLink>, ApiError> {
    require(me, role)?;
    let patch = ProfilePatch {
        photo_link: Some(required(body.photo_link, "photoLink")?),
        ..Default::default()
    };
    let p = state.accounts.update_profile(me.user_id, &patch).await?;
    Ok(Json(PhotoLink {
        photo_link: p.profile.photo_link,
    }))
}

/// The caller's photo link.
#[utoipa::path(get, path = "/api/v1/users/freelancer/photo", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = PhotoLink), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn get_freelancer_photo(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PhotoLink>, ApiError> {
    photo(&state, &me, Role::Freelancer).await
}

/// Sets the caller's photo link.
#[utoipa::path(post, path = "/api/v1/users/freelancer/photo", tag = "workup-users",
    security(("bearer" = [])), request_body = PhotoLink,
    responses((status = 200, body = PhotoLink), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_freelancer_photo(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<PhotoLink>,
) -> Result<Json<PhotoLink>, ApiError> {
    set_photo(&state, &me, Role::Freelancer, body).await
}

/// The caller's (client) photo link.
#[utoipa::path(get, path = "/api/v1/users/client/photo", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = PhotoLink), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn get_client_photo(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PhotoLink>, ApiError> {
    photo(&state, &me, Role::Client).await
}

/// Sets the caller's (client) photo link.
#[utoipa::path(post, path = "/api/v1/users/client/photo", tag = "workup-users",
    security(("bearer" = [])), request_body = PhotoLink,
    responses((status = 200, body = PhotoLink), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_client_photo(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<PhotoLink>,
) -> Result<Json<PhotoLink>, ApiError> {
    set_photo(&state, &me, Role::Client, body).await
}

/// The caller's resume link.
#[utoipa::path(get, path = "/api/v1/users/freelancer/resume", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = ResumeLink), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn get_freelancer_resume(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<ResumeLink>, ApiError> {
    require(&me, Role::Freelancer)?;
    let p = state.accounts.my_profile(me.user_id).await?;
    Ok(Json(ResumeLink {
        resume_link: p.profile.resume_link,
    }))
}

/// Sets the caller's resume link.
#[utoipa::path(post, path = "/api/v1/users/freelancer/resume", tag = "workup-users",
    security(("bearer" = [])), request_body = ResumeLink,
    responses((status = 200, body = ResumeLink), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_freelancer_resume(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<ResumeLink>,
) -> Result<Json<ResumeLink>, ApiError> {
    require(&me, Role::Freelancer)?;
    let patch = ProfilePatch {
        resume_link: Some(required(body.resume_link, "resumeLink")?),
        ..Default::default()
    };
    let p = state.accounts.update_profile(me.user_id, &patch).await?;
    Ok(Json(ResumeLink {
        resume_link: p.profile.resume_link,
    }))
}
