//! `GET /api/v1/services/{serviceId}`: a listing with its seller's public profile. Public
//! for ACTIVE and PAUSED listings; an ARCHIVED one only to its seller.

use axum::Json;
use axum::extract::State;
use openlance_catalog::ServiceId;
use openlance_core::{DomainError, Problem};

use super::views::ServiceDetail;
use crate::api::reviews::with_rating;
use crate::{ApiError, ApiPath, AppState, MaybeAuthUser};

/// A listing (`orderable` says whether it can be ordered now) with its rating, and its
/// seller's profile with theirs.
#[utoipa::path(get, path = "/api/v1/services/{serviceId}", tag = "services",
    params(("serviceId" = String, Path)),
    responses(
        (status = 200, body = ServiceDetail),
        (status = 400, body = Problem, description = "malformed id"),
        (status = 404, body = Problem, description = "no such listing, or archived and not yours"),
    ))]
pub async fn get_service(
    State(state): State<AppState>,
    MaybeAuthUser(me): MaybeAuthUser,
    ApiPath(service_id): ApiPath<String>,
) -> Result<Json<ServiceDetail>, ApiError> {
    let id = ServiceId::parse(&service_id)?;
    let listing = state.catalog.service_for(me.map(|m| m.user_id), id).await?;
    let (rating, seller_rating) = state
        .reviews
        .listing_and_seller_ratings(&listing.id.to_string(), listing.seller_id)
        .await?;
    let seller = match with_rating(&state, listing.seller_id, seller_rating).await {
        Ok(profile) => Some(serde_json::Value::Object(profile)),
        Err(DomainError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    Ok(Json(ServiceDetail {
        service: listing.into(),
        rating,
        seller,
    }))
}
