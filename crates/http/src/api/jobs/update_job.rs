//! `PATCH /api/v1/jobs/{jobId}`: the owner changes an open job (Openlance's route).

use axum::Json;
use axum::extract::State;
use openlance_core::{Money, Problem};
use openlance_jobs::{Experience, JobChanges, JobDuration, JobId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::JobView;
use crate::{ApiError, ApiJson, ApiPath, AppState, AuthUser};

/// The fields to change; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateJobRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    /// Positive, in minor units.
    pub budget: Option<Money>,
    pub skills: Option<Vec<String>>,
    pub experience: Option<Experience>,
    pub duration: Option<JobDuration>,
}

/// Changes an OPEN job; another client's job is a 404.
#[utoipa::path(patch, path = "/api/v1/jobs/{jobId}", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)), request_body = UpdateJobRequest,
    responses((status = 200, body = JobView), (status = 400, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "the job is not open")))]
pub async fn update_job(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(job_id): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateJobRequest>,
) -> Result<Json<JobView>, ApiError> {
    let changes = JobChanges {
        title: body.title,
        description: body.description,
        location: body.location,
        budget: body.budget,
        skills: body.skills,
        experience: body.experience,
        duration: body.duration,
    };
    let job = state
        .jobs
        .update_job(me.user_id, JobId::parse(&job_id)?, changes)
        .await?;
    Ok(Json(job.into()))
}
