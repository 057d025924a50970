//! `GET /api/v1/freelancers`: the public directory of freelancers, a page at a time.
//! (WorkUp's `profile_briefs` answers the caller's own brief instead; see
//! `workup/briefs.rs`.)

use axum::Json;
use axum::extract::State;
use openlance_accounts::FreelancerBrief;
use openlance_core::{Page, Problem, page_limit};
use serde::Deserialize;

use crate::{ApiError, ApiQuery, AppState};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BriefsQuery {
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

/// Briefs of freelancers (public fields only), oldest account first.
#[utoipa::path(get, path = "/api/v1/freelancers", tag = "accounts",
    params(BriefsQuery),
    responses((status = 200, body = Page<FreelancerBrief>), (status = 400, body = Problem)))]
pub async fn list_freelancers(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<BriefsQuery>,
) -> Result<Json<Page<FreelancerBrief>>, ApiError> {
    let limit = page_limit(query.limit)?;
    Ok(Json(
        state
            .accounts
            .freelancer_briefs(query.cursor.as_deref(), limit)
            .await?,
    ))
}
