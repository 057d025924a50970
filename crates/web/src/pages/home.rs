//! `GET /`: the home page — a search box, the newest services, the newest open jobs.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_catalog::ServiceSearch;
use openlance_http::AppState;
use openlance_jobs::JobSearch;

use super::ServiceCard;
use crate::ctx::Ctx;
use crate::error::WebError;

pub struct JobLine {
    pub id: String,
    pub title: String,
    pub budget: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct Home {
    ctx: Ctx,
    services: Vec<ServiceCard>,
    jobs: Vec<JobLine>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Home, WebError> {
    let services = state
        .catalog
        .search(&ServiceSearch {
            limit: 6,
            ..Default::default()
        })
        .await?;
    let jobs = state
        .jobs
        .search(&JobSearch {
            limit: 5,
            ..Default::default()
        })
        .await?;
    Ok(Home {
        ctx,
        services: services.items.iter().map(ServiceCard::from).collect(),
        jobs: jobs
            .items
            .into_iter()
            .map(|j| JobLine {
                id: j.id.to_string(),
                title: j.title,
                budget: j.budget.map(|b| b.to_string()).unwrap_or_default(),
            })
            .collect(),
    })
}
