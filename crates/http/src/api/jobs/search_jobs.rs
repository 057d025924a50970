//! `GET /api/v1/jobs/search`: WorkUp's public keyword search over open jobs.

use axum::Json;
use axum::extract::State;
use openlance_core::Problem;
use openlance_jobs::{Experience, JobSearch};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{ApiError, ApiQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words that must all occur (stemmed, case-insensitive) in the title, description or skills.
    pub query: Option<String>,
    /// Page size, 1..=100 (default 20).
    pub page_limit: Option<i64>,
    /// The `pagingState` of the previous page.
    pub paging_state: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FoundJob {
    pub id: String,
    pub title: String,
    pub description: String,
    pub experience: Option<Experience>,
    pub skills: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchResponse {
    /// Newest first.
    pub jobs: Vec<FoundJob>,
    /// Pass back as `pagingState` for the next page; null on the last page.
    pub paging_state: Option<String>,
}

/// Open jobs matching the query, newest first. Public.
#[utoipa::path(get, path = "/api/v1/jobs/search", tag = "jobs", params(SearchQuery),
    responses((status = 200, body = SearchResponse), (status = 400, body = Problem)))]
pub async fn search_jobs(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResponse>, ApiError> {
    let limit = openlance_core::page_limit(q.page_limit).map_err(|_| {
        openlance_core::DomainError::invalid("pageLimit", "must be between 1 and 100")
    })?;
    let page = state
        .jobs
        .search(&JobSearch {
            keywords: q.query,
            cursor: q.paging_state.filter(|s| !s.is_empty()),
            limit,
            ..JobSearch::default()
        })
        .await?;
    Ok(Json(SearchResponse {
        jobs: page
            .items
            .into_iter()
            .map(|j| FoundJob {
                id: j.id.to_string(),
                title: j.title,
                description: j.description,
                experience: j.experience,
                skills: j.skills,
            })
            .collect(),
        paging_state: page.next_cursor,
    }))
}
