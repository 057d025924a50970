//! `GET /services/{id}`: one listing with its rating and its seller (linked to their
//! profile), with "Get now" for a signed-in buyer.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use openlance_catalog::ServiceId;
use openlance_http::AppState;

use super::super::ServiceCard;
use crate::ctx::Ctx;
use crate::error::WebError;

#[derive(Template, WebTemplate)]
#[template(path = "service_show.html")]
pub struct ServicePage {
    ctx: Ctx,
    s: ServiceCard,
    description: String,
    location: Option<String>,
    deposit_percent: u8,
    seller: String,
    seller_id: String,
    /// "4.5 out of 5 (2 reviews)", or `None` before the first visible review.
    rating: Option<String>,
    status: String,
    own: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<ServicePage, WebError> {
    let id = ServiceId::parse(&id).map_err(|_| WebError::not_found())?;
    let listing = state.catalog.service_for(ctx.user_id(), id).await?;
    let seller = state
        .accounts
        .me(listing.seller_id)
        .await
        .map(|u| u.name)
        .unwrap_or_else(|_| "a former member".into());
    let rating = state.reviews.service_rating(&id.to_string()).await?;
    let rating = rating.average.map(|a| match rating.count {
        1 => format!("{a:.1} out of 5 (1 review)"),
        n => format!("{a:.1} out of 5 ({n} reviews)"),
    });
    Ok(ServicePage {
        seller_id: listing.seller_id.to_string(),
        rating,
        own: ctx.user_id() == Some(listing.seller_id),
        s: ServiceCard::from(&listing),
        description: listing.description,
        location: listing.location,
        deposit_percent: listing.deposit_percent,
        seller,
        status: listing.status.as_str().to_string(),
        ctx,
    })
}
