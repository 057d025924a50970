//! `GET /api/v1/services`: public browse and keyword search over active listings.

use axum::Json;
use axum::extract::State;
use openlance_catalog::{Category, ServiceSearch, SortOrder};
use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Problem, Validator};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::ServicePage;
use crate::{ApiError, ApiQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SearchServicesQuery {
    /// Keywords, all required, stemmed, over title, description and tags.
    pub q: Option<String>,
    #[param(inline)]
    pub category: Option<Category>,
    /// Inclusive price bounds in minor units (need `currency`).
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    /// Only listings priced in this currency (ISO 4217); required with `minPrice`,
    /// `maxPrice` and the price sorts.
    pub currency: Option<String>,
    /// Text the listing's location contains (case-insensitive).
    pub location: Option<String>,
    /// `true`: only listings given remotely; `false`: only in-person-only listings.
    pub remote: Option<bool>,
    /// Only this seller's listings.
    pub seller_id: Option<String>,
    /// `newest` (default), `best_match`, `price_asc` or `price_desc`.
    #[param(inline)]
    pub sort: Option<SortOrder>,
    pub cursor: Option<String>,
    /// 1..=100, default 20.
    pub limit: Option<i64>,
}

/// Active listings matching the query, in the chosen order. Public.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", params(SearchServicesQuery),
    responses((status = 200, body = ServicePage), (status = 400, body = Problem)))]
pub async fn search_services(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<SearchServicesQuery>,
) -> Result<Json<ServicePage>, ApiError> {
    let mut v = Validator::new();
    let currency = q
        .currency
        .as_deref()
        .and_then(|c| v.take(Currency::parse(c)));
    let seller = q.seller_id.as_deref().and_then(|id| {
        v.take(UserId::parse(id).map_err(|_| DomainError::invalid("sellerId", "is not a valid id")))
    });
    let limit = v.take(openlance_core::page_limit(q.limit));
    v.finish()?;
    let search = ServiceSearch {
        keywords: q.q,
        category: q.category,
        currency,
        min_price: q.min_price,
        max_price: q.max_price,
        location: q.location,
        remote: q.remote,
        seller,
        order: q.sort.unwrap_or_default(),
        cursor: q.cursor,
        limit: limit.unwrap_or(20),
    };
    Ok(Json(state.catalog.search(&search).await?.into()))
}
