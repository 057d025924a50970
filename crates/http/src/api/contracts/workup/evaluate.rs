//! `POST /api/v1/contracts/milestones/{milestoneId}/evaluate`: the client accepts a
//! milestone in review (its payment request is created at once) or sends it back to
//! IN_PROGRESS, optionally with a change-request `message` (our addition).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_contracts::{MilestoneId, MilestoneStatus};
use openlance_core::Problem;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::contracts::require;
use crate::api::contracts::views::WorkupMilestone;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// WorkUp's evaluation; other fields WorkUp sends are ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateMilestone {
    /// `ACCEPTED` or `IN_PROGRESS` (changes requested); anything else is a 400.
    pub evaluated_state: MilestoneStatus,
    /// What to change, when sending it back (kept in the contract's history).
    pub message: Option<String>,
}

/// Evaluates a milestone in review (CLIENT of its contract).
#[utoipa::path(post, path = "/api/v1/contracts/milestones/{milestoneId}/evaluate",
    tag = "workup-contracts", security(("bearer" = [])), request_body = EvaluateMilestone,
    params(("milestoneId" = String, Path, description = "the milestone"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = WorkupMilestone), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 403, body = Problem, description = "not a client, or the contract's freelancer"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "not in review (e.g. evaluated concurrently), or the contract is not active")))]
pub async fn evaluate_milestone(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<EvaluateMilestone>,
) -> Result<Response, ApiError> {
    let id = MilestoneId::parse(&id)?;
    require(&me, Role::Client, "evaluates a milestone")?;
    let contracts = &state.contracts;
    idem.run(&state, me.user_id, |_| async move {
        let milestone = contracts
            .evaluate_milestone(me.user_id, id, body.evaluated_state, body.message)
            .await?;
        Ok(Reply::json(
            StatusCode::OK,
            &WorkupMilestone::from(milestone),
        ))
    })
    .await
}
