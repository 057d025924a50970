//! The addresses e-mails and in-app notifications link to, where the site shows that
//! thing on a bigger page: a milestone and a contract's termination requests are on the
//! contract's page, a proposal on its job's page. Each redirects there; a proposal
//! someone else may not read is a 404.

use axum::extract::{Path, State};
use axum::response::Redirect;
use openlance_http::AppState;
use openlance_jobs::ProposalId;

use crate::ctx::SignedIn;
use crate::error::WebError;

/// `GET /contracts/{id}/milestones/{milestone}`: the contract's page (its milestones).
pub async fn milestone(Path((contract, _)): Path<(String, String)>) -> Redirect {
    Redirect::to(&format!("/contracts/{}", id_segment(&contract)))
}

/// `GET /contracts/{id}/terminations`: the contract's page.
pub async fn terminations(Path(contract): Path<String>) -> Redirect {
    Redirect::to(&format!("/contracts/{}", id_segment(&contract)))
}

/// `GET /proposals/{id}`: the job the proposal was sent on.
pub async fn proposal(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path(id): Path<String>,
) -> Result<Redirect, WebError> {
    let id = ProposalId::parse(&id).map_err(|_| WebError::not_found())?;
    let proposal = state.jobs.proposal(me.user_id, id).await?;
    Ok(Redirect::to(&format!("/jobs/{}", proposal.job_id)))
}

/// The id as one path segment: ids are UUIDs, so anything but letters, digits and dashes
/// is dropped (and the contract page answers a mangled id with a 404).
fn id_segment(segment: &str) -> String {
    segment
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}
