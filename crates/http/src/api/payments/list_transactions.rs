//! `GET /api/v1/wallet/transactions`: the caller's wallet history, newest first.

use axum::Json;
use axum::extract::State;
use openlance_core::{Currency, Problem, page_limit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::WalletTransaction;
use crate::{ApiError, ApiQuery, AppState, AuthUser};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TransactionQuery {
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
    /// Only this currency.
    pub currency: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionPage {
    pub items: Vec<WalletTransaction>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The caller's wallet transactions, newest first, cursor-paginated.
#[utoipa::path(get, path = "/api/v1/wallet/transactions", tag = "payments",
    security(("bearer" = [])), params(TransactionQuery),
    responses((status = 200, body = TransactionPage), (status = 400, body = Problem),
        (status = 401, body = Problem)))]
pub async fn list_transactions(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<TransactionQuery>,
) -> Result<Json<TransactionPage>, ApiError> {
    let limit = page_limit(query.limit)?;
    let currency = query.currency.as_deref().map(Currency::parse).transpose()?;
    let page = state
        .payments
        .wallet_history(me.user_id, currency, query.cursor.as_deref(), limit)
        .await?;
    Ok(Json(TransactionPage {
        next_cursor: page.next_cursor,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}
