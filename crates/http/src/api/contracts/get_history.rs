//! `GET /api/v1/contracts/{contractId}/history`: every change of a contract, its
//! milestones and its termination requests, oldest first (who, when, from, to, message).

use axum::Json;
use axum::extract::State;
use openlance_contracts::ContractId;
use openlance_core::Problem;
use serde::Serialize;
use utoipa::ToSchema;

use super::views::HistoryView;
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractHistory {
    /// Oldest first.
    pub history: Vec<HistoryView>,
}

/// A contract's history, for its client or freelancer.
#[utoipa::path(get, path = "/api/v1/contracts/{contractId}/history", tag = "contracts",
    security(("bearer" = [])), params(("contractId" = String, Path, description = "the contract")),
    responses((status = 200, body = ContractHistory), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_history(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ContractHistory>, ApiError> {
    let id = ContractId::parse(&id)?;
    let history = state.contracts.history(me.user_id, id).await?;
    Ok(Json(ContractHistory {
        history: history.into_iter().map(Into::into).collect(),
    }))
}
