//! WorkUp's termination routes: a party lists and files termination requests of its
//! contract; an ADMIN handles one (`ACCEPTED` terminates the contract and refunds the
//! escrow of its unpaid funded milestones, `REJECTED` leaves it active).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_contracts::{ContractId, TerminationId, TerminationStatus};
use openlance_core::{DomainError, Problem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::contracts::require;
use crate::api::contracts::views::WorkupTermination;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TerminationRequests {
    /// Oldest first.
    pub termination_requests: Vec<WorkupTermination>,
}

/// A contract's termination requests, for its parties.
#[utoipa::path(get, path = "/api/v1/contracts/{contractId}/terminations", tag = "workup-contracts",
    security(("bearer" = [])), params(("contractId" = String, Path, description = "the contract")),
    responses((status = 200, body = TerminationRequests), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn list_terminations(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<TerminationRequests>, ApiError> {
    let id = ContractId::parse(&id)?;
    let requests = state.contracts.terminations(me.user_id, id).await?;
    Ok(Json(TerminationRequests {
        termination_requests: requests.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestTermination {
    /// Why (1 to 5000 characters).
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TerminationCreated {
    pub request_id: String,
}

/// A party asks to terminate an active contract (one open request at a time).
#[utoipa::path(post, path = "/api/v1/contracts/{contractId}/terminations/request",
    tag = "workup-contracts", security(("bearer" = [])), request_body = RequestTermination,
    params(("contractId" = String, Path, description = "the contract"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 201, body = TerminationCreated), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "a request is already open, or the contract is not active")))]
pub async fn request_termination(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<RequestTermination>,
) -> Result<Response, ApiError> {
    let id = ContractId::parse(&id)?;
    let contracts = &state.contracts;
    idem.run(&state, me.user_id, |_| async move {
        let request = contracts
            .request_termination(me.user_id, id, &body.reason)
            .await?;
        let created = TerminationCreated {
            request_id: request.id.to_string(),
        };
        Ok(Reply::json(StatusCode::CREATED, &created))
    })
    .await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HandleTermination {
    /// `ACCEPTED` or `REJECTED`.
    pub chosen_status: TerminationStatus,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TerminationHandled {
    pub request_status: TerminationStatus,
}

/// An admin accepts or rejects a pending termination request.
#[utoipa::path(post, path = "/api/v1/contracts/terminations/{requestId}/handle",
    tag = "workup-contracts", security(("bearer" = [])), request_body = HandleTermination,
    params(("requestId" = String, Path, description = "the termination request"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses((status = 200, body = TerminationHandled), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem, description = "not an admin"),
        (status = 404, body = Problem), (status = 409, body = Problem, description = "already decided")))]
pub async fn handle_termination(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<HandleTermination>,
) -> Result<Response, ApiError> {
    let id = TerminationId::parse(&id)?;
    require(&me, Role::Admin, "handles a termination request")?;
    let accept = decision(body.chosen_status, "chosenStatus")?;
    let contracts = &state.contracts;
    idem.run(&state, me.user_id, |_| async move {
        let decided = contracts
            .decide_termination(me.user_id, true, id, accept)
            .await?;
        let body = TerminationHandled {
            request_status: decided.status,
        };
        Ok(Reply::json(StatusCode::OK, &body))
    })
    .await
}

/// `true` to accept, `false` to reject; PENDING is not a decision (400).
pub(in crate::api::contracts) fn decision(
    status: TerminationStatus,
    field: &str,
) -> Result<bool, DomainError> {
    match status {
        TerminationStatus::Accepted => Ok(true),
        TerminationStatus::Rejected => Ok(false),
        TerminationStatus::Pending => {
            Err(DomainError::invalid(field, "must be ACCEPTED or REJECTED"))
        }
    }
}
