//! `POST /api/v1/jobs/{jobId}/close`: the owner closes an open job (Openlance's route).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_jobs::JobId;

use super::views::JobView;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Closes an OPEN job: it takes no more proposals and leaves search.
#[utoipa::path(post, path = "/api/v1/jobs/{jobId}/close", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = JobView), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the job is not open")))]
pub async fn close_job(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(job_id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let id = JobId::parse(&job_id)?;
    let jobs = &state.jobs;
    idem.run(&state, me.user_id, |_| async move {
        let job = jobs.close_job(me.user_id, id).await?;
        Ok(Reply::json(StatusCode::OK, &JobView::from(job)))
    })
    .await
}
