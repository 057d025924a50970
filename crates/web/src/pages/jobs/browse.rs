//! `GET /jobs`: open jobs, newest first (best match with keywords), a page at a time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use openlance_http::AppState;
use openlance_jobs::{JobSearch, SearchOrder};
use serde::Deserialize;

use crate::ctx::{Ctx, urlencode};
use crate::error::WebError;

#[derive(Deserialize)]
pub struct Filters {
    #[serde(default)]
    q: String,
    cursor: Option<String>,
}

pub struct Line {
    pub id: String,
    pub title: String,
    pub budget: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "jobs_browse.html")]
pub struct JobsPage {
    ctx: Ctx,
    q: String,
    jobs: Vec<Line>,
    next: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(f): Query<Filters>,
) -> Result<JobsPage, WebError> {
    let keywords = (!f.q.trim().is_empty()).then(|| f.q.trim().to_string());
    let search = JobSearch {
        order: if keywords.is_some() {
            SearchOrder::Best
        } else {
            SearchOrder::default()
        },
        keywords,
        cursor: f.cursor,
        limit: 20,
        ..Default::default()
    };
    let page = state.jobs.search(&search).await?;
    Ok(JobsPage {
        next: page
            .next_cursor
            .map(|c| format!("/jobs?q={}&cursor={}", urlencode(&f.q), urlencode(&c))),
        jobs: page
            .items
            .into_iter()
            .map(|j| Line {
                id: j.id.to_string(),
                title: j.title,
                budget: j.budget.map(|b| b.to_string()).unwrap_or_default(),
            })
            .collect(),
        q: f.q,
        ctx,
    })
}
