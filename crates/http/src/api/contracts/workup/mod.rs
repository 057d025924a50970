//! WorkUp's contract routes under `/api/v1/contracts`, with WorkUp's paths, JSON field
//! names, enums and role rules (progress: FREELANCER; evaluate: CLIENT; handling a
//! termination request: ADMIN; otherwise 403). Bodies may carry fields WorkUp's clients
//! send but we do not use (`userId`, `milestoneId`, …): they are ignored. Amounts are
//! whole currency units.

mod evaluate;
mod progress;
mod read;
mod terminations;

pub(super) use terminations::decision;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read::get_contract))
        .routes(routes!(read::list_milestones))
        .routes(routes!(read::get_milestone))
        .routes(routes!(progress::progress_milestone))
        .routes(routes!(evaluate::evaluate_milestone))
        .routes(routes!(terminations::list_terminations))
        .routes(routes!(terminations::request_termination))
        .routes(routes!(terminations::handle_termination))
}
