//! `GET` and `PUT /api/v1/proposals/{proposalId}`: read (author or the job's owner) and
//! update (author, while PENDING) a proposal.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use openlance_jobs::ProposalId;

use super::create_proposal::ProposalRequest;
use super::views::WorkupProposal;
use crate::{ApiError, ApiJson, ApiPath, AppState, AuthUser};

/// A proposal, for its author or the job's owner (404 for anyone else).
#[utoipa::path(get, path = "/api/v1/proposals/{proposalId}", tag = "jobs", security(("bearer" = [])),
    params(("proposalId" = String, Path)),
    responses((status = 200, body = WorkupProposal), (status = 404, body = Problem)))]
pub async fn get_proposal(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<WorkupProposal>, ApiError> {
    let p = state
        .jobs
        .proposal(me.user_id, ProposalId::parse(&id)?)
        .await?;
    Ok(Json(p.into()))
}

/// Replaces a PENDING proposal's cover letter, duration, milestones and attachments.
#[utoipa::path(put, path = "/api/v1/proposals/{proposalId}", tag = "jobs", security(("bearer" = [])),
    params(("proposalId" = String, Path)), request_body = ProposalRequest,
    responses((status = 200, body = WorkupProposal), (status = 400, body = Problem),
        (status = 403, body = Problem, description = "the job's owner (only the author may change it)"),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "not pending")))]
pub async fn update_proposal(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ProposalRequest>,
) -> Result<Json<WorkupProposal>, ApiError> {
    let id = ProposalId::parse(&id)?;
    let changes = body.into_new(state.payments.config().workup_currency)?;
    let p = state.jobs.update_proposal(me.user_id, id, changes).await?;
    Ok(Json(p.into()))
}
