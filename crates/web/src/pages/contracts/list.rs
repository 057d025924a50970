//! `GET /contracts`: the visitor's contracts as client and as freelancer.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_http::AppState;

use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

#[derive(Template, WebTemplate)]
#[template(path = "contracts_list.html")]
pub struct ContractsPage {
    ctx: Ctx,
    /// (id, title, status, side)
    contracts: Vec<(String, String, &'static str, &'static str)>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<ContractsPage, WebError> {
    let page = state
        .contracts
        .contracts_of(me.user_id, None, None, None, 50)
        .await?;
    let contracts = page
        .items
        .into_iter()
        .map(|c| {
            let side = if c.client_id == me.user_id {
                "client"
            } else {
                "freelancer"
            };
            (c.id.to_string(), c.job_title, c.status.as_str(), side)
        })
        .collect();
    Ok(ContractsPage { ctx, contracts })
}
