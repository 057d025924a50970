//! `GET /admin/ledger`: the ledger check — whether the books balance, every broken
//! invariant, and the trial balance.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_http::AppState;

use super::admins_only;
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

#[derive(Template, WebTemplate)]
#[template(path = "admin_ledger.html")]
pub struct LedgerPage {
    ctx: Ctx,
    balanced: bool,
    problems: Vec<String>,
    lines: Vec<String>,
    transfers: i64,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<LedgerPage, WebError> {
    admins_only(&me)?;
    let report = state.payments.check_ledger().await?;
    Ok(LedgerPage {
        ctx,
        balanced: report.is_balanced(),
        problems: report.problems,
        lines: report.lines,
        transfers: report.transfers,
    })
}
