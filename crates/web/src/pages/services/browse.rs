//! `GET /services`: keyword search with filters, newest first, one page at a time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use openlance_catalog::{Category, ServiceSearch, SortOrder};
use openlance_http::AppState;
use serde::Deserialize;

use super::super::{ServiceCard, categories};
use crate::ctx::{Ctx, urlencode};
use crate::error::WebError;

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    location: String,
    remote: Option<String>,
    cursor: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "services_browse.html")]
pub struct Browse {
    ctx: Ctx,
    q: String,
    category: String,
    location: String,
    remote: bool,
    categories: Vec<(String, String)>,
    services: Vec<ServiceCard>,
    next: Option<String>,
}

const PAGE: usize = 12;

pub async fn show(
    State(state): State<AppState>,
    mut ctx: Ctx,
    Query(f): Query<Filters>,
) -> Result<Browse, WebError> {
    let remote = f.remote.as_deref() == Some("true");
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let search = ServiceSearch {
        keywords: text(&f.q),
        category: Category::parse(&f.category),
        location: text(&f.location),
        remote: remote.then_some(true),
        order: if f.q.trim().is_empty() {
            SortOrder::Newest
        } else {
            SortOrder::BestMatch
        },
        cursor: f.cursor.clone(),
        limit: PAGE,
        ..Default::default()
    };
    let page = state.catalog.search(&search).await?;
    let next = page.next_cursor.map(|c| {
        format!(
            "/services?q={}&category={}&location={}{}&cursor={}",
            urlencode(&f.q),
            urlencode(&f.category),
            urlencode(&f.location),
            if remote { "&remote=true" } else { "" },
            urlencode(&c)
        )
    });
    ctx.query = f.q.clone();
    Ok(Browse {
        ctx,
        q: f.q,
        category: f.category,
        location: f.location,
        remote,
        categories: categories(),
        services: page.items.iter().map(ServiceCard::from).collect(),
        next,
    })
}
