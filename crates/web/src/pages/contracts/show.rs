//! `GET /contracts/{id}`: one of the visitor's contracts; each milestone shows the moves
//! the visitor's side may make next. Anyone else's contract is a 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use openlance_contracts::{ContractId, MilestoneStatus};
use openlance_http::AppState;

use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;
use crate::session::random_token;

pub struct MilestoneLine {
    pub id: String,
    pub description: String,
    pub amount: String,
    pub due: String,
    pub status: &'static str,
    pub funding: String,
    /// (path segment, button label)
    pub actions: Vec<(&'static str, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "contract_show.html")]
pub struct ContractPage {
    ctx: Ctx,
    id: String,
    title: String,
    status: &'static str,
    side: &'static str,
    test_mode: bool,
    milestones: Vec<MilestoneLine>,
    /// A one-time key for the money moves on this page, so a double submit pays once.
    op: String,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Path(id): Path<String>,
) -> Result<ContractPage, WebError> {
    let id = ContractId::parse(&id).map_err(|_| WebError::not_found())?;
    let contract = state.contracts.contract(me.user_id, id).await?;
    let client = contract.client_id == me.user_id;
    let milestones = state
        .contracts
        .milestones(me.user_id, id)
        .await?
        .into_iter()
        .map(|m| {
            use MilestoneStatus as S;
            let funded = m.funded.amount >= m.amount.amount;
            let mut actions = Vec::new();
            match (client, m.status) {
                (true, S::Open | S::InProgress | S::InReview) if !funded => {
                    actions.push(("fund", "Fund milestone"))
                }
                (true, S::InReview) => {
                    actions.push(("accept", "Accept the work"));
                    actions.push(("changes", "Request changes"));
                }
                (true, S::Accepted) if m.payment_request_id.is_some() => {
                    actions.push(("pay", "Pay the freelancer"))
                }
                (false, S::Open) => actions.push(("progress", "Start work")),
                (false, S::InProgress) => actions.push(("progress", "Submit for review")),
                _ => {}
            }
            MilestoneLine {
                id: m.id.to_string(),
                description: m.description,
                amount: m.amount.to_string(),
                due: m.due_date.to_string(),
                status: m.status.as_str(),
                funding: match (m.status, funded) {
                    (S::Paid, _) => "paid out".into(),
                    (_, true) => "funded in escrow".into(),
                    _ => format!("{} in escrow", m.funded),
                },
                actions,
            }
        })
        .collect();
    Ok(ContractPage {
        id: id.to_string(),
        title: contract.job_title,
        status: contract.status.as_str(),
        side: if client { "client" } else { "freelancer" },
        test_mode: state.payments.provider_name() == "test",
        milestones,
        op: random_token(),
        ctx,
    })
}
