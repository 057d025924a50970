//! `POST /api/v1/services`: a freelancer lists a service.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_catalog::{Category, NewListing};
use openlance_core::{DomainError, Money, Problem};
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::{DeliveryJson, ServiceView};
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, AppState, AuthUser};

/// A new listing. A location, `remote: true`, or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateServiceRequest {
    /// 1..=200 characters.
    pub title: String,
    /// 1..=20,000 characters.
    pub description: String,
    pub category: Category,
    /// Positive, in minor units.
    pub price: Money,
    /// 1..=100; 50 when absent.
    #[schema(minimum = 1, maximum = 100, example = 50)]
    pub deposit_percent: Option<i64>,
    pub delivery: DeliveryJson,
    /// A city or area, up to 200 characters.
    pub location: Option<String>,
    #[serde(default)]
    pub remote: bool,
    /// Up to 10 tags: letters, digits, spaces and hyphens, up to 30 characters; stored in
    /// lower case.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Up to 10 absolute http(s) URLs.
    #[serde(default)]
    pub image_links: Vec<String>,
}

/// Lists an ACTIVE service sold by the caller (FREELANCER).
#[utoipa::path(post, path = "/api/v1/services", tag = "services", security(("bearer" = [])),
    request_body = CreateServiceRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 201, body = ServiceView),
        (status = 400, body = Problem, description = "bad fields; nothing was written"),
        (status = 401, body = Problem),
        (status = 403, body = Problem, description = "the caller is not a FREELANCER"),
    ))]
pub async fn create_service(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<CreateServiceRequest>,
) -> Result<Response, ApiError> {
    if !me.has_role(Role::Freelancer) {
        return Err(DomainError::Forbidden("only a freelancer may list a service".into()).into());
    }
    let new = NewListing {
        delivery: body.delivery.to_delivery()?,
        title: body.title,
        description: body.description,
        category: body.category,
        price: body.price,
        deposit_percent: body.deposit_percent,
        location: body.location,
        remote: body.remote,
        tags: body.tags,
        image_links: body.image_links,
    };
    let catalog = &state.catalog;
    idem.run(&state, me.user_id, |_| async move {
        let listing = catalog.list_service(me.user_id, new).await?;
        Ok(Reply::json(
            StatusCode::CREATED,
            &ServiceView::from(listing),
        ))
    })
    .await
}
