//! `GET /api/v1/payments/{clients,freelancers}/me/transactions`: WorkUp's payment
//! transactions, one per paid payment request.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use openlance_accounts::Role;
use openlance_core::Problem;
use openlance_core::id::UserId;
use serde::Serialize;
use utoipa::ToSchema;

use super::require;
use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentTransaction {
    /// The ledger transfer that paid the freelancer.
    pub id: String,
    pub payment_request_id: String,
    /// The whole amount paid, in whole currency units (e.g. `12.5`).
    #[schema(example = 12.5)]
    pub amount: f64,
    /// The platform fee taken from it, in whole currency units.
    pub platform_fee: f64,
    /// What the freelancer kept: `amount - platformFee`.
    pub net_amount: f64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// WorkUp's PaymentTransactionStatus; recorded transactions are `SUCCESS`.
    #[schema(example = "SUCCESS")]
    pub status: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentTransactions {
    /// Newest first (at most 500).
    pub transactions: Vec<PaymentTransaction>,
}

async fn list(
    state: &AppState,
    user: UserId,
    as_client: bool,
) -> Result<Json<PaymentTransactions>, ApiError> {
    let found = state.payments.payment_transactions(user, as_client).await?;
    let transactions = found
        .into_iter()
        .map(|t| {
            let net = t.amount.checked_sub(t.fee)?;
            Ok(PaymentTransaction {
                id: t.id.to_string(),
                payment_request_id: t.payment_request_id.to_string(),
                amount: t.amount.to_major_f64(),
                platform_fee: t.fee.to_major_f64(),
                net_amount: net.to_major_f64(),
                currency: t.amount.currency.code().to_string(),
                created_at: t.created_at,
                updated_at: t.created_at,
                status: "SUCCESS",
            })
        })
        .collect::<Result<_, openlance_core::DomainError>>()?;
    Ok(Json(PaymentTransactions { transactions }))
}

/// Payments the caller made (as a client).
#[utoipa::path(get, path = "/api/v1/payments/clients/me/transactions", tag = "workup-payments",
    security(("bearer" = [])),
    responses((status = 200, body = PaymentTransactions), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller lacks the route's role")))]
pub async fn list_client_transactions(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PaymentTransactions>, ApiError> {
    require(&me, Role::Client)?;
    list(&state, me.user_id, true).await
}

/// Payments the caller received (as a freelancer).
#[utoipa::path(get, path = "/api/v1/payments/freelancers/me/transactions", tag = "workup-payments",
    security(("bearer" = [])),
    responses((status = 200, body = PaymentTransactions), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller lacks the route's role")))]
pub async fn list_freelancer_transactions(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PaymentTransactions>, ApiError> {
    require(&me, Role::Freelancer)?;
    list(&state, me.user_id, false).await
}
