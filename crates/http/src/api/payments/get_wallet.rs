//! `GET /api/v1/wallet`: the caller's balances, available and in escrow, per currency.

use axum::Json;
use axum::extract::State;
use openlance_core::{Currency, Money, Problem};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Wallet {
    /// One entry per currency the caller ever used, by currency code.
    pub balances: Vec<CurrencyBalance>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyBalance {
    pub currency: Currency,
    /// Spendable: can be withdrawn or used to pay.
    pub available: Money,
    /// Held in escrow for the caller's orders and milestones.
    pub in_escrow: Money,
}

/// The caller's wallet.
#[utoipa::path(get, path = "/api/v1/wallet", tag = "payments",
    security(("bearer" = [])),
    responses((status = 200, body = Wallet), (status = 401, body = Problem)))]
pub async fn get_wallet(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<Wallet>, ApiError> {
    let balances = state.payments.wallet(me.user_id).await?;
    Ok(Json(Wallet {
        balances: balances
            .into_iter()
            .map(|b| CurrencyBalance {
                currency: b.currency,
                available: b.available,
                in_escrow: b.in_escrow,
            })
            .collect(),
    }))
}
