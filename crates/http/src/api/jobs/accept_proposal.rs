//! `POST /api/v1/jobs/{jobId}/proposals/{proposalId}/accept`: the job's owner accepts a
//! proposal; the contract is opened in the same transaction (WorkUp's route, no body).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_core::Problem;
use openlance_jobs::{JobId, ProposalId, ProposalStatus};
use serde::Serialize;
use utoipa::ToSchema;

use super::require;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedJob {
    pub id: String,
    /// Always false: the job is FILLED.
    pub active: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedProposalView {
    pub id: String,
    pub status: ProposalStatus,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptResponse {
    pub message: String,
    pub job: AcceptedJob,
    pub proposal: AcceptedProposalView,
    pub contract_id: String,
}

/// Accepts a PENDING proposal on the caller's OPEN job: the job becomes FILLED, the
/// other pending proposals REJECTED, and a contract is opened — all in one transaction.
#[utoipa::path(post, path = "/api/v1/jobs/{jobId}/proposals/{proposalId}/accept", tag = "jobs",
    security(("bearer" = [])),
    params(("jobId" = String, Path), ("proposalId" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 200, body = AcceptResponse),
        (status = 403, body = Problem, description = "the caller is not a CLIENT"),
        (status = 404, body = Problem, description = "not the caller's job, or not a proposal of it"),
        (status = 409, body = Problem, description = "the job is not open or the proposal not pending (another accept won)"),
    ))]
pub async fn accept_proposal(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath((job_id, proposal_id)): ApiPath<(String, String)>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    require(&me, Role::Client, "client")?;
    let job_id = JobId::parse(&job_id)?;
    let proposal_id = ProposalId::parse(&proposal_id)?;
    let opener = state.contract_opener.clone();
    let jobs = &state.jobs;
    idem.run(&state, me.user_id, |_| async move {
        let done = jobs
            .accept_proposal(me.user_id, job_id, proposal_id, opener.as_ref())
            .await?;
        let body = AcceptResponse {
            message: "Proposal accepted".into(),
            job: AcceptedJob {
                id: done.job.id.to_string(),
                active: false,
            },
            proposal: AcceptedProposalView {
                id: done.proposal.id.to_string(),
                status: done.proposal.status,
            },
            contract_id: done.contract_id,
        };
        Ok(Reply::json(StatusCode::OK, &body))
    })
    .await
}
