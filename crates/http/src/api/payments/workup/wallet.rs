//! `GET /api/v1/payments/freelancers/me/wallet`, `.../wallet/transactions` and
//! `.../wallet/transactions/{transactionId}`: the caller's wallet in WorkUp's shapes,
//! in the WorkUp currency.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use openlance_accounts::Role;
use openlance_core::Problem;
use openlance_payments::{TransferId, TransferKind, WalletEntry};
use serde::Serialize;
use utoipa::ToSchema;

use super::require;
use crate::api::payments::views::direction;
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupWallet {
    /// Available balance in whole currency units (e.g. `12.5`).
    #[schema(example = 12.5)]
    pub balance: f64,
    /// Held in escrow for the caller's milestones and orders, in whole currency units.
    pub in_escrow: f64,
    pub currency: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupWalletTransaction {
    pub id: String,
    /// WorkUp's wallet id: the owner's user id.
    pub wallet_id: String,
    /// Whole currency units, always positive; see `transactionType`.
    #[schema(example = 12.5)]
    pub amount: f64,
    /// The payment transaction, for the credit that paid a payment request.
    pub payment_transaction_id: Option<String>,
    pub payment_request_id: Option<String>,
    pub description: Option<String>,
    /// Why money moved (`payment`, `platform_fee`, `withdrawal`, `top_up`, ...).
    pub kind: &'static str,
    pub created_at: DateTime<Utc>,
    /// `CREDIT` or `DEBIT`.
    #[schema(example = "CREDIT")]
    pub transaction_type: &'static str,
}

impl WorkupWalletTransaction {
    pub fn from_entry(wallet_id: String, e: WalletEntry) -> Self {
        let request = e
            .reference
            .filter(|r| r.kind == "payment_request")
            .map(|r| r.id);
        Self {
            id: e.id.to_string(),
            wallet_id,
            amount: e.amount.to_major_f64(),
            payment_transaction_id: (e.kind == TransferKind::Payment).then(|| e.id.to_string()),
            payment_request_id: request,
            description: e.description,
            kind: e.kind.as_str(),
            created_at: e.created_at,
            transaction_type: direction(e.direction),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkupWalletTransactions {
    /// Newest first (the latest 100).
    pub transactions: Vec<WorkupWalletTransaction>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkupWalletTransactionEnvelope {
    pub transaction: WorkupWalletTransaction,
}

/// The caller's wallet balance.
#[utoipa::path(get, path = "/api/v1/payments/freelancers/me/wallet", tag = "workup-payments",
    security(("bearer" = [])),
    responses((status = 200, body = WorkupWallet), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller is not a freelancer")))]
pub async fn get_freelancer_wallet(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<WorkupWallet>, ApiError> {
    require(&me, Role::Freelancer)?;
    let currency = state.payments.config().workup_currency;
    let balances = state.payments.wallet(me.user_id).await?;
    let mine = balances.into_iter().find(|b| b.currency == currency);
    Ok(Json(WorkupWallet {
        balance: mine.as_ref().map_or(0.0, |b| b.available.to_major_f64()),
        in_escrow: mine.as_ref().map_or(0.0, |b| b.in_escrow.to_major_f64()),
        currency: currency.code().to_string(),
    }))
}

/// The caller's latest wallet transactions.
#[utoipa::path(get, path = "/api/v1/payments/freelancers/me/wallet/transactions",
    tag = "workup-payments", security(("bearer" = [])),
    responses((status = 200, body = WorkupWalletTransactions), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller is not a freelancer")))]
pub async fn list_wallet_transactions(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<WorkupWalletTransactions>, ApiError> {
    require(&me, Role::Freelancer)?;
    let currency = state.payments.config().workup_currency;
    let page = state
        .payments
        .wallet_history(me.user_id, Some(currency), None, 100)
        .await?;
    let wallet_id = me.user_id.to_string();
    Ok(Json(WorkupWalletTransactions {
        transactions: page
            .items
            .into_iter()
            .map(|e| WorkupWalletTransaction::from_entry(wallet_id.clone(), e))
            .collect(),
    }))
}

/// One of the caller's wallet transactions; anyone else's is a 404.
#[utoipa::path(get, path = "/api/v1/payments/freelancers/me/wallet/transactions/{transactionId}",
    tag = "workup-payments", security(("bearer" = [])),
    params(("transactionId" = String, Path, description = "a wallet transaction id")),
    responses((status = 200, body = WorkupWalletTransactionEnvelope), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_wallet_transaction(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(transaction_id): ApiPath<String>,
) -> Result<Json<WorkupWalletTransactionEnvelope>, ApiError> {
    require(&me, Role::Freelancer)?;
    let id = TransferId::parse(&transaction_id)?;
    let entry = state.payments.wallet_entry(me.user_id, id).await?;
    Ok(Json(WorkupWalletTransactionEnvelope {
        transaction: WorkupWalletTransaction::from_entry(me.user_id.to_string(), entry),
    }))
}
