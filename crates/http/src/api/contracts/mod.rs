//! Contracts routes: WorkUp's (in [`workup`], with WorkUp's paths, field names and
//! envelope) and our own beside them — the caller's contract list, a contract's history,
//! funding a milestone, and termination decisions by the other party. Every route acts
//! only on the caller's own contracts: anyone else's is a 404.

mod decide_termination;
mod fund_milestone;
mod get_history;
mod list_contracts;
mod views;
mod workup;

use openlance_accounts::{Principal, Role};
use openlance_core::DomainError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contracts::list_contracts))
        .routes(routes!(get_history::get_history))
        .routes(routes!(fund_milestone::fund_milestone))
        .routes(routes!(decide_termination::decide_termination))
        .merge(workup::router().route_layer(axum::middleware::from_fn(
            super::workup_envelope::workup_envelope,
        )))
}

/// A 403 unless the caller's token carries `role` (WorkUp's role rules).
fn require(me: &Principal, role: Role, doing: &str) -> Result<(), DomainError> {
    if me.has_role(role) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!(
            "only a {} {doing}",
            match role {
                Role::Client => "client",
                Role::Freelancer => "freelancer",
                Role::Admin => "admin",
            }
        )))
    }
}
