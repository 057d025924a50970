//! `GET /api/v1/jobs/{jobId}` (any signed-in user) and `GET /api/v1/jobs/me` (the
//! client's own jobs): WorkUp's job JSON.

use axum::Json;
use axum::extract::State;
use openlance_accounts::Role;
use openlance_core::Problem;
use openlance_jobs::JobId;
use serde::Serialize;
use utoipa::ToSchema;

use super::require;
use super::views::WorkupJob;
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// A job.
#[utoipa::path(get, path = "/api/v1/jobs/{jobId}", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)),
    responses((status = 200, body = WorkupJob), (status = 400, body = Problem, description = "bad id"),
        (status = 404, body = Problem)))]
pub async fn get_job(
    State(state): State<AppState>,
    AuthUser(_me): AuthUser,
    ApiPath(job_id): ApiPath<String>,
) -> Result<Json<WorkupJob>, ApiError> {
    let job = state.jobs.job(JobId::parse(&job_id)?).await?;
    Ok(Json(job.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyJobs {
    /// Newest first (at most 500), whatever their state.
    pub jobs: Vec<WorkupJob>,
}

/// The caller's own jobs (CLIENT).
#[utoipa::path(get, path = "/api/v1/jobs/me", tag = "jobs", security(("bearer" = [])),
    responses((status = 200, body = MyJobs), (status = 403, body = Problem, description = "not a CLIENT")))]
pub async fn my_jobs(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<MyJobs>, ApiError> {
    require(&me, Role::Client, "client")?;
    let jobs = state.jobs.client_jobs(me.user_id).await?;
    Ok(Json(MyJobs {
        jobs: jobs.into_iter().map(Into::into).collect(),
    }))
}
