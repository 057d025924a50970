//! `POST /api/v1/contracts/terminations/{requestId}/decide`: the other party (or an
//! admin) accepts or rejects a pending termination request.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_contracts::{TerminationId, TerminationStatus};
use openlance_core::Problem;
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::WorkupTermination;
use super::workup::decision;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DecideTermination {
    /// `ACCEPTED` (the contract is terminated, unpaid escrow refunded) or `REJECTED`.
    pub decision: TerminationStatus,
}

/// Decides a termination request of the caller's contract; its requester gets a 403.
#[utoipa::path(post, path = "/api/v1/contracts/terminations/{requestId}/decide", tag = "contracts",
    security(("bearer" = [])), request_body = DecideTermination,
    params(("requestId" = String, Path, description = "the termination request"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = WorkupTermination), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller filed it"),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "already decided")))]
pub async fn decide_termination(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<DecideTermination>,
) -> Result<Response, ApiError> {
    let id = TerminationId::parse(&id)?;
    let accept = decision(body.decision, "decision")?;
    let contracts = &state.contracts;
    let admin = me.is_admin();
    idem.run(&state, me.user_id, |_| async move {
        let decided = contracts
            .decide_termination(me.user_id, admin, id, accept)
            .await?;
        Ok(Reply::json(
            StatusCode::OK,
            &WorkupTermination::from(decided),
        ))
    })
    .await
}
