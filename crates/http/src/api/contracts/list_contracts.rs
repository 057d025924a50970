//! `GET /api/v1/contracts?role=&status=&cursor=&limit=`: the caller's contracts, newest first.

use axum::Json;
use axum::extract::State;
use openlance_contracts::{ContractStatus, Party};
use openlance_core::{Problem, page_limit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::ContractView;
use crate::{ApiError, ApiQuery, AppState, AuthUser};

/// Which side of their contracts the caller lists.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContractRole {
    Client,
    Freelancer,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    /// `client` or `freelancer`; both when absent.
    #[param(value_type = Option<String>)]
    pub role: Option<ContractRole>,
    /// `ACTIVE`, `TERMINATED` or `COMPLETED`.
    #[param(value_type = Option<String>)]
    pub status: Option<ContractStatus>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContractPage {
    pub items: Vec<ContractView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The caller's contracts as client and/or freelancer, newest first.
#[utoipa::path(get, path = "/api/v1/contracts", tag = "contracts",
    security(("bearer" = [])), params(ContractQuery),
    responses((status = 200, body = ContractPage), (status = 400, body = Problem),
        (status = 401, body = Problem)))]
pub async fn list_contracts(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<ContractQuery>,
) -> Result<Json<ContractPage>, ApiError> {
    let limit = page_limit(query.limit)?;
    let party = query.role.map(|r| match r {
        ContractRole::Client => Party::Client,
        ContractRole::Freelancer => Party::Freelancer,
    });
    let page = state
        .contracts
        .contracts_of(
            me.user_id,
            party,
            query.status,
            query.cursor.as_deref(),
            limit,
        )
        .await?;
    Ok(Json(ContractPage {
        next_cursor: page.next_cursor,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}
