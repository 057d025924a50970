//! `GET /api/v1/jobs/{jobId}/proposals` (the job's owner) and
//! `GET /api/v1/jobs/me/proposals` (the freelancer's own).

use axum::Json;
use axum::extract::State;
use openlance_accounts::Role;
use openlance_core::Problem;
use openlance_jobs::JobId;

use super::require;
use super::views::WorkupProposals;
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// The proposals on a job, oldest first: its owner only (404 for anyone else).
#[utoipa::path(get, path = "/api/v1/jobs/{jobId}/proposals", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)),
    responses((status = 200, body = WorkupProposals), (status = 404, body = Problem)))]
pub async fn job_proposals(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(job_id): ApiPath<String>,
) -> Result<Json<WorkupProposals>, ApiError> {
    let list = state
        .jobs
        .job_proposals(me.user_id, JobId::parse(&job_id)?)
        .await?;
    Ok(Json(WorkupProposals {
        proposals: list.into_iter().map(Into::into).collect(),
    }))
}

/// The caller's own proposals, newest first (FREELANCER).
#[utoipa::path(get, path = "/api/v1/jobs/me/proposals", tag = "jobs", security(("bearer" = [])),
    responses((status = 200, body = WorkupProposals), (status = 403, body = Problem, description = "not a FREELANCER")))]
pub async fn my_proposals(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<WorkupProposals>, ApiError> {
    require(&me, Role::Freelancer, "freelancer")?;
    let list = state.jobs.freelancer_proposals(me.user_id).await?;
    Ok(Json(WorkupProposals {
        proposals: list.into_iter().map(Into::into).collect(),
    }))
}
