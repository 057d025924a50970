//! `GET /api/v1/payments/{clients,freelancers}/me/requests`: the caller's payment requests.

use axum::Json;
use axum::extract::State;
use openlance_accounts::Role;
use openlance_core::Problem;
use serde::Serialize;
use utoipa::ToSchema;

use super::WorkupPaymentRequest;
use super::require;
use crate::{ApiError, AppState, AuthUser};

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentRequests {
    /// Newest first (at most 500).
    pub requests: Vec<WorkupPaymentRequest>,
}

async fn list(
    state: &AppState,
    user: openlance_core::id::UserId,
    as_client: bool,
) -> Result<Json<PaymentRequests>, ApiError> {
    let requests = state
        .payments
        .payment_requests(user, as_client, None)
        .await?;
    Ok(Json(PaymentRequests {
        requests: requests.into_iter().map(Into::into).collect(),
    }))
}

/// Payment requests the caller has to pay (as a client).
#[utoipa::path(get, path = "/api/v1/payments/clients/me/requests", tag = "workup-payments",
    security(("bearer" = [])),
    responses((status = 200, body = PaymentRequests), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller lacks the route's role")))]
pub async fn list_client_requests(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PaymentRequests>, ApiError> {
    require(&me, Role::Client)?;
    list(&state, me.user_id, true).await
}

/// Payment requests made for the caller's work (as a freelancer).
#[utoipa::path(get, path = "/api/v1/payments/freelancers/me/requests", tag = "workup-payments",
    security(("bearer" = [])),
    responses((status = 200, body = PaymentRequests), (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller lacks the route's role")))]
pub async fn list_freelancer_requests(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<PaymentRequests>, ApiError> {
    require(&me, Role::Freelancer)?;
    list(&state, me.user_id, false).await
}
