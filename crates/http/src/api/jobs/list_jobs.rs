//! `GET /api/v1/jobs`: Openlance's search over open jobs, with filters and cursors.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use openlance_jobs::{Experience, JobDuration, JobSearch, SearchOrder};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::JobPage;
use crate::{ApiError, ApiQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListJobsQuery {
    /// Keywords, all required, stemmed, over title, description and skills.
    pub q: Option<String>,
    /// Comma-separated skills the job must all list (case-insensitive).
    pub skills: Option<String>,
    pub experience: Option<Experience>,
    /// Inclusive budget bounds in minor units.
    pub min_budget: Option<i64>,
    pub max_budget: Option<i64>,
    pub duration: Option<JobDuration>,
    /// `newest` (default) or `best` (best keyword match).
    #[param(inline)]
    pub sort: Option<SearchOrder>,
    pub cursor: Option<String>,
    /// 1..=100, default 20.
    pub limit: Option<i64>,
}

/// Open jobs, newest first or best match first. Public.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(ListJobsQuery),
    responses((status = 200, body = JobPage), (status = 400, body = Problem)))]
pub async fn list_jobs(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListJobsQuery>,
) -> Result<Json<JobPage>, ApiError> {
    let search = JobSearch {
        keywords: q.q,
        skills: q
            .skills
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        experience: q.experience,
        min_budget: q.min_budget,
        max_budget: q.max_budget,
        duration: q.duration,
        order: q.sort.unwrap_or_default(),
        cursor: q.cursor,
        limit: openlance_core::page_limit(q.limit)?,
    };
    Ok(Json(state.jobs.search(&search).await?.into()))
}
