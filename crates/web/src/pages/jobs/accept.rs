//! `POST /jobs/{id}/proposals/{proposalId}/accept`: the job's client accepts a proposal;
//! the contracts context opens the contract (through the interface the jobs context
//! declares, as the API does).

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_core::DomainError;
use openlance_http::AppState;
use openlance_jobs::{JobId, ProposalId};
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct Empty {}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((job, proposal)): Path<(String, String)>,
    WebForm(_): WebForm<Empty>,
) -> Result<Response, WebError> {
    let job = JobId::parse(&job).map_err(|_| WebError::not_found())?;
    let proposal = ProposalId::parse(&proposal).map_err(|_| WebError::not_found())?;
    let back = format!("/jobs/{job}");
    match state
        .jobs
        .accept_proposal(me.user_id, job, proposal, state.contract_opener.as_ref())
        .await
    {
        Ok(accepted) => Ok(flash::ok(
            &format!("/contracts/{}", accepted.contract_id),
            "Proposal accepted: the contract is open. Fund the first milestone to start.",
        )),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error(&back, e.to_string())),
    }
}
