//! `POST /api/v1/contracts/milestones/{milestoneId}/fund`: the client puts a milestone's
//! amount in escrow up front. What its wallet lacks is charged to `paymentMethod` (the
//! default test card when absent) first, keyed by the `Idempotency-Key`, so a retry never
//! charges twice; then the amount is held from the wallet.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_contracts::{Funding, MilestoneId};
use openlance_core::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::MilestoneView;
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, ApiPath, AppState, AuthUser};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FundMilestone {
    /// Charged for what the wallet lacks; the configured default when absent.
    pub payment_method: Option<String>,
}

/// The answer while the card charge is pending.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FundingPending {
    /// `PENDING`: retry with the same Idempotency-Key once it is confirmed.
    pub status: &'static str,
    pub operation_id: String,
}

/// Funds a milestone of the caller's contract into escrow (its client only).
#[utoipa::path(post, path = "/api/v1/contracts/milestones/{milestoneId}/fund", tag = "contracts",
    security(("bearer" = [])), request_body = FundMilestone,
    params(("milestoneId" = String, Path, description = "the milestone"),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response and charge once")),
    responses((status = 200, body = MilestoneView), (status = 202, body = FundingPending),
        (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 402, body = Problem, description = "the payment method was declined"),
        (status = 403, body = Problem, description = "the contract's freelancer"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "already funded, accepted or paid, or the contract is not active")))]
pub async fn fund_milestone(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<FundMilestone>,
) -> Result<Response, ApiError> {
    let id = MilestoneId::parse(&id)?;
    let contracts = &state.contracts;
    idem.run(&state, me.user_id, |key| async move {
        let funded = contracts
            .fund_milestone(me.user_id, id, body.payment_method.as_deref(), &key)
            .await?;
        Ok(match funded {
            Funding::Funded(m) => Reply::json(StatusCode::OK, &MilestoneView::from(*m)),
            Funding::Pending { operation_id } => Reply::json(
                StatusCode::ACCEPTED,
                &FundingPending {
                    status: "PENDING",
                    operation_id: operation_id.to_string(),
                },
            ),
        })
    })
    .await
}
