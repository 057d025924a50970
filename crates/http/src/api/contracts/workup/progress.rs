//! `POST /api/v1/contracts/milestones/{milestoneId}/progress`: the freelancer moves a
//! milestone one step, OPEN → IN_PROGRESS → IN_REVIEW. WorkUp sends `{}` (or fields we
//! do not use); the body is not read.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_contracts::MilestoneId;
use openlance_core::Problem;

use crate::api::contracts::require;
use crate::api::contracts::views::WorkupMilestone;
use crate::idempotency::{Idempotency, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// Progresses a milestone of the caller's contract (FREELANCER); answers the milestone.
#[utoipa::path(post, path = "/api/v1/contracts/milestones/{milestoneId}/progress",
    tag = "workup-contracts", security(("bearer" = [])),
    params(("milestoneId" = String, Path, description = "the milestone"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = WorkupMilestone), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 403, body = Problem, description = "not a freelancer, or the contract's client"),
        (status = 404, body = Problem, description = "no such milestone, or not the caller's"),
        (status = 409, body = Problem, description = "in review or later, or the contract is not active")))]
pub async fn progress_milestone(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    idem: Idempotency,
) -> Result<Response, ApiError> {
    let id = MilestoneId::parse(&id)?;
    require(&me, Role::Freelancer, "progresses a milestone")?;
    let contracts = &state.contracts;
    idem.run(&state, me.user_id, |_| async move {
        let milestone = contracts.progress_milestone(me.user_id, id).await?;
        Ok(Reply::json(
            StatusCode::OK,
            &WorkupMilestone::from(milestone),
        ))
    })
    .await
}
