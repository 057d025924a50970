//! `POST /contracts/{id}/milestones/{milestoneId}/{fund|progress|accept|changes|pay}`:
//! one milestone move. Money moves (fund, pay) charge the test card first, keyed by the
//! page's one-time `op`, so a double submit charges once; the contracts and payments
//! contexts check who may do what.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_contracts::{MilestoneId, MilestoneStatus};
use openlance_core::DomainError;
use openlance_http::AppState;
use openlance_payments::{OperationKey, PaymentRequestId};
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    message: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((contract, milestone, action)): Path<(String, String, String)>,
    WebForm(f): WebForm<MoveForm>,
) -> Result<Response, WebError> {
    let id = MilestoneId::parse(&milestone).map_err(|_| WebError::not_found())?;
    let back = format!("/contracts/{contract}");
    if f.op.len() < 16 || f.op.len() > 64 {
        return Ok(flash::error(&back, "Reload the page and try again."));
    }
    let key = OperationKey::from_client(me.user_id, &format!("web:{action}:{id}:{}", f.op));
    let contracts = &state.contracts;
    let done: Result<&str, DomainError> = match action.as_str() {
        "fund" => contracts
            .fund_milestone(me.user_id, id, Some("pm_card_visa"), &key)
            .await
            .map(|_| "Milestone funded: the money is held in escrow."),
        "progress" => contracts
            .progress_milestone(me.user_id, id)
            .await
            .map(|m| match m.status {
                MilestoneStatus::InReview => "Submitted for review.",
                _ => "Work started.",
            }),
        "accept" => contracts
            .evaluate_milestone(me.user_id, id, MilestoneStatus::Accepted, None)
            .await
            .map(|_| "Work accepted. Pay the freelancer to close the milestone."),
        "changes" => {
            let message = (!f.message.trim().is_empty()).then(|| f.message.clone());
            contracts
                .evaluate_milestone(me.user_id, id, MilestoneStatus::InProgress, message)
                .await
                .map(|_| "Changes requested: the milestone is back in progress.")
        }
        "pay" => {
            let m = contracts.milestone(me.user_id, id).await?;
            match m.payment_request_id.as_deref().map(PaymentRequestId::parse) {
                Some(Ok(request)) => state
                    .payments
                    .pay_payment_request(me.user_id, request, Some("pm_card_visa"), &key)
                    .await
                    .map(|_| "Paid. The freelancer has the money in their wallet."),
                _ => Err(DomainError::conflict(
                    "not_payable",
                    "this milestone has nothing to pay yet",
                )),
            }
        }
        _ => return Err(WebError::not_found()),
    };
    match done {
        Ok(said) => Ok(flash::ok(&back, said)),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error(&back, e.to_string())),
    }
}
