//! `GET /services`: keyword search with filters (category, location, remote, a price range
//! in one currency) in the order the visitor picks, one page at a time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use openlance_catalog::{Category, ServiceSearch, SortOrder};
use openlance_core::{Currency, Money};
use openlance_http::AppState;
use serde::Deserialize;

use super::super::{CURRENCIES, ServiceCard, categories};
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
    #[serde(default)]
    min: String,
    #[serde(default)]
    max: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    sort: String,
    cursor: Option<String>,
}

/// The sort choices: (value, label).
const SORTS: &[(&str, &str)] = &[
    ("", "Best match / newest"),
    ("newest", "Newest first"),
    ("price_asc", "Price: low to high"),
    ("price_desc", "Price: high to low"),
];

/// A price bound in major units ("50" or "49.99"); blank is no bound.
fn bound(text: &str, currency: Currency, which: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Money::from_major_decimal(text, currency)
        .map(|m| Some(m.amount))
        .map_err(|_| format!("{which} price: write a number, like 50 or 49.99"))
}

#[derive(Template, WebTemplate)]
#[template(path = "services_browse.html")]
pub struct Browse {
    ctx: Ctx,
    q: String,
    category: String,
    location: String,
    remote: bool,
    min: String,
    max: String,
    currency: String,
    sort: String,
    currencies: &'static [&'static str],
    sorts: &'static [(&'static str, &'static str)],
    errors: Vec<String>,
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
    let currency = Currency::parse(&f.currency).unwrap_or(Currency::USD);
    let mut errors = Vec::new();
    let mut bound_or_note = |text: &str, which: &str| {
        bound(text, currency, which).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let (min_price, max_price) = (
        bound_or_note(&f.min, "Lowest"),
        bound_or_note(&f.max, "Highest"),
    );
    let by_price = matches!(f.sort.as_str(), "price_asc" | "price_desc");
    let search = ServiceSearch {
        keywords: text(&f.q),
        category: Category::parse(&f.category),
        location: text(&f.location),
        remote: remote.then_some(true),
        currency: (by_price || min_price.is_some() || max_price.is_some()).then_some(currency),
        min_price,
        max_price,
        order: match f.sort.as_str() {
            "price_asc" => SortOrder::PriceAsc,
            "price_desc" => SortOrder::PriceDesc,
            "newest" => SortOrder::Newest,
            _ if f.q.trim().is_empty() => SortOrder::Newest,
            _ => SortOrder::BestMatch,
        },
        cursor: f.cursor.clone(),
        limit: PAGE,
        ..Default::default()
    };
    let page = state.catalog.search(&search).await?;
    let next = page.next_cursor.map(|c| {
        format!(
            "/services?q={}&category={}&location={}{}&min={}&max={}&currency={}&sort={}&cursor={}",
            urlencode(&f.q),
            urlencode(&f.category),
            urlencode(&f.location),
            if remote { "&remote=true" } else { "" },
            urlencode(&f.min),
            urlencode(&f.max),
            urlencode(currency.code()),
            urlencode(&f.sort),
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
        min: f.min,
        max: f.max,
        currency: currency.code().to_string(),
        sort: f.sort,
        currencies: CURRENCIES,
        sorts: SORTS,
        errors,
        categories: categories(),
        services: page.items.iter().map(ServiceCard::from).collect(),
        next,
    })
}
