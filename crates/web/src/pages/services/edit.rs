//! `GET/POST /sell/{id}/edit`: a seller changes one of their listings (not an archived
//! one). The form is the listing form, filled with what the listing says now; a new price
//! applies to new orders only. Someone else's listing is the site's 404.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use openlance_catalog::{Delivery, Listing, ListingChanges, ServiceId};
use openlance_core::DomainError;
use openlance_core::id::UserId;
use openlance_http::AppState;

use super::create::{ListingForm, NewService, form_page, sellers_only, to_listing};
use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

/// The caller's own listing, or the site's 404.
async fn own_listing(state: &AppState, me: UserId, id: &str) -> Result<Listing, WebError> {
    let id = ServiceId::parse(id).map_err(|_| WebError::not_found())?;
    match state.catalog.get(&id).await? {
        Some(listing) if listing.seller_id == me => Ok(listing),
        _ => Err(WebError::not_found()),
    }
}

/// "250.00 USD" → "250.00": the price as the form's number.
fn major_text(listing: &Listing) -> String {
    let shown = listing.price.to_string();
    shown
        .rsplit_once(' ')
        .map_or(shown.clone(), |(n, _)| n.to_string())
}

fn filled(listing: &Listing) -> ListingForm {
    ListingForm {
        title: listing.title.clone(),
        description: listing.description.clone(),
        category: listing.category.as_str().to_string(),
        price: major_text(listing),
        currency: listing.price.currency.to_string(),
        deposit_percent: listing.deposit_percent.to_string(),
        days: match listing.delivery {
            Delivery::Days(n) => n.to_string(),
            Delivery::OnDate => "7".into(),
        },
        location: listing.location.clone().unwrap_or_default(),
        remote: listing.remote.then(|| "true".to_string()),
        tags: listing.tags.join(", "),
    }
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Path(id): Path<String>,
) -> Result<NewService, WebError> {
    sellers_only(&ctx)?;
    let listing = own_listing(&state, me.user_id, &id).await?;
    Ok(form_page(ctx, filled(&listing), Vec::new(), Some(&id)))
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Path(id): Path<String>,
    WebForm(f): WebForm<ListingForm>,
) -> Result<Response, WebError> {
    sellers_only(&ctx)?;
    let listing = own_listing(&state, me.user_id, &id).await?;
    let saved = match to_listing(&f) {
        Ok(new) => {
            let changes = ListingChanges {
                title: Some(new.title),
                description: Some(new.description),
                category: Some(new.category),
                price: Some(new.price),
                deposit_percent: new.deposit_percent,
                delivery: Some(new.delivery),
                location: Some(new.location),
                remote: Some(new.remote),
                tags: Some(new.tags),
                image_links: None,
                status: None,
            };
            state
                .catalog
                .update_service(me.user_id, listing.id, changes)
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(listing) => Ok(flash::ok(
            &format!("/services/{}", listing.id),
            "Your service is updated. New orders get the new terms.",
        )),
        Err(DomainError::Validation(fields)) => {
            let errors = fields
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            Ok((
                StatusCode::BAD_REQUEST,
                form_page(ctx, f, errors, Some(&id)),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
