//! `POST /api/v1/proposals/{proposalId}/withdraw`: the author withdraws a pending
//! proposal (Openlance's route).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_core::Problem;
use openlance_jobs::ProposalId;

use super::views::WorkupProposal;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// PENDING → WITHDRAWN; the freelancer may propose on the job again.
#[utoipa::path(post, path = "/api/v1/proposals/{proposalId}/withdraw", tag = "jobs",
    security(("bearer" = [])),
    params(("proposalId" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = WorkupProposal),
        (status = 403, body = Problem, description = "the job's owner (only the author may withdraw)"),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "not pending")))]
pub async fn withdraw_proposal(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let id = ProposalId::parse(&id)?;
    let jobs = &state.jobs;
    idem.run(&state, me.user_id, |_| async move {
        let p = jobs.withdraw_proposal(me.user_id, id).await?;
        Ok(Reply::json(StatusCode::OK, &WorkupProposal::from(p)))
    })
    .await
}
