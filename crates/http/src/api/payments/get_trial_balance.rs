//! `GET /api/v1/admin/ledger/trial-balance`: the ledger's totals and invariant checks.

use axum::Json;
use axum::extract::State;
use openlance_core::{DomainError, Money, Problem};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrialBalance {
    /// True when every invariant holds (then `problems` is empty).
    pub balanced: bool,
    /// Totals per currency and kind of account; per currency they sum to zero.
    pub lines: Vec<TrialBalanceLine>,
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrialBalanceLine {
    /// `wallet`, `escrow`, `fee_revenue` or `external`.
    pub purpose: String,
    pub accounts: i64,
    /// Credits minus debits over those accounts.
    pub balance: Money,
}

/// The trial balance (admins only).
#[utoipa::path(get, path = "/api/v1/admin/ledger/trial-balance", tag = "payments",
    security(("bearer" = [])),
    responses((status = 200, body = TrialBalance), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "not an admin")))]
pub async fn get_trial_balance(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<TrialBalance>, ApiError> {
    if !me.is_admin() {
        return Err(DomainError::Forbidden("only admins may see the ledger".into()).into());
    }
    let report = state.payments.check_ledger().await?;
    Ok(Json(TrialBalance {
        balanced: report.is_balanced(),
        lines: report
            .trial_balance
            .into_iter()
            .map(|l| TrialBalanceLine {
                purpose: l.purpose,
                accounts: l.accounts,
                balance: Money::new(l.balance, l.currency),
            })
            .collect(),
        problems: report.problems,
    }))
}
