//! `GET /api/v1/contracts/{contractId}`, `…/{contractId}/milestones` and
//! `…/milestones/{milestoneId}`: a contract and its milestones, for its two parties.

use axum::Json;
use axum::extract::State;
use openlance_contracts::{ContractId, MilestoneId};
use openlance_core::Problem;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::contracts::views::{WorkupContract, WorkupMilestone};
use crate::{ApiError, ApiPath, AppState, AuthUser};

/// A contract, for its client or freelancer.
#[utoipa::path(get, path = "/api/v1/contracts/{contractId}", tag = "workup-contracts",
    security(("bearer" = [])), params(("contractId" = String, Path, description = "the contract")),
    responses((status = 200, body = WorkupContract), (status = 400, body = Problem),
        (status = 401, body = Problem),
        (status = 404, body = Problem, description = "no such contract, or not the caller's")))]
pub async fn get_contract(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<WorkupContract>, ApiError> {
    let id = ContractId::parse(&id)?;
    Ok(Json(state.contracts.contract(me.user_id, id).await?.into()))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContractMilestones {
    /// In the contract's order.
    pub contract_milestones: Vec<WorkupMilestone>,
}

/// A contract's milestones, in order.
#[utoipa::path(get, path = "/api/v1/contracts/{contractId}/milestones", tag = "workup-contracts",
    security(("bearer" = [])), params(("contractId" = String, Path, description = "the contract")),
    responses((status = 200, body = ContractMilestones), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn list_milestones(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ContractMilestones>, ApiError> {
    let id = ContractId::parse(&id)?;
    let milestones = state.contracts.milestones(me.user_id, id).await?;
    Ok(Json(ContractMilestones {
        contract_milestones: milestones.into_iter().map(Into::into).collect(),
    }))
}

/// One milestone, for the parties of its contract.
#[utoipa::path(get, path = "/api/v1/contracts/milestones/{milestoneId}", tag = "workup-contracts",
    security(("bearer" = [])), params(("milestoneId" = String, Path, description = "the milestone")),
    responses((status = 200, body = WorkupMilestone), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_milestone(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<WorkupMilestone>, ApiError> {
    let id = MilestoneId::parse(&id)?;
    Ok(Json(
        state.contracts.milestone(me.user_id, id).await?.into(),
    ))
}
