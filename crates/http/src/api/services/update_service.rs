//! `PATCH /api/v1/services/{serviceId}`: the seller changes a listing, pauses or resumes it.

use axum::Json;
use axum::extract::State;
use openlance_catalog::{Category, ListingChanges, ListingStatus, ServiceId};
use openlance_core::{Money, Problem};
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use super::views::{DeliveryJson, ServiceView};
use crate::{ApiError, ApiJson, ApiPath, AppState, AuthUser};

/// The fields to change; absent fields stay as they are. `location: null` removes the
/// location (the listing must then be remote). `status` pauses (PAUSED) or resumes (ACTIVE).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateServiceRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub category: Option<Category>,
    /// Positive, in minor units; applies to new orders only.
    pub price: Option<Money>,
    #[schema(minimum = 1, maximum = 100)]
    pub deposit_percent: Option<i64>,
    pub delivery: Option<DeliveryJson>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub location: Option<Option<String>>,
    pub remote: Option<bool>,
    pub tags: Option<Vec<String>>,
    pub image_links: Option<Vec<String>>,
    /// ACTIVE or PAUSED.
    pub status: Option<ListingStatus>,
}

/// A field that is present, even as null: `Some(None)`; an absent one stays `None`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Changes the caller's listing; another user's is a 404; an archived one a 409.
#[utoipa::path(patch, path = "/api/v1/services/{serviceId}", tag = "services",
    security(("bearer" = [])), params(("serviceId" = String, Path)),
    request_body = UpdateServiceRequest,
    responses(
        (status = 200, body = ServiceView),
        (status = 400, body = Problem, description = "bad fields; nothing was written"),
        (status = 404, body = Problem, description = "no such listing of yours"),
        (status = 409, body = Problem, description = "the listing is archived"),
    ))]
pub async fn update_service(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(service_id): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateServiceRequest>,
) -> Result<Json<ServiceView>, ApiError> {
    let id = ServiceId::parse(&service_id)?;
    let changes = ListingChanges {
        delivery: body.delivery.map(|d| d.to_delivery()).transpose()?,
        title: body.title,
        description: body.description,
        category: body.category,
        price: body.price,
        deposit_percent: body.deposit_percent,
        location: body.location,
        remote: body.remote,
        tags: body.tags,
        image_links: body.image_links,
        status: body.status,
    };
    let listing = state
        .catalog
        .update_service(me.user_id, id, changes)
        .await?;
    Ok(Json(listing.into()))
}
