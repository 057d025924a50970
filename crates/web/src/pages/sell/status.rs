//! `POST /sell/{id}/{pause|resume|archive}`: the seller moves one of their listings. The
//! catalog checks the seller and the move; someone else's listing is a 404.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_catalog::{ListingChanges, ListingStatus, ServiceId};
use openlance_core::DomainError;
use openlance_http::AppState;
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct Empty {}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((id, action)): Path<(String, String)>,
    WebForm(_): WebForm<Empty>,
) -> Result<Response, WebError> {
    let id = ServiceId::parse(&id).map_err(|_| WebError::not_found())?;
    let catalog = &state.catalog;
    let (done, said) = match action.as_str() {
        "archive" => (
            catalog.archive_service(me.user_id, id).await,
            "Archived: it no longer takes orders.",
        ),
        "pause" | "resume" => {
            let (to, said) = if action == "pause" {
                (
                    ListingStatus::Paused,
                    "Paused: buyers cannot order it until you resume it.",
                )
            } else {
                (ListingStatus::Active, "Resumed: buyers can order it again.")
            };
            let changes = ListingChanges {
                status: Some(to),
                ..Default::default()
            };
            (catalog.update_service(me.user_id, id, changes).await, said)
        }
        _ => return Err(WebError::not_found()),
    };
    match done {
        Ok(_) => Ok(flash::ok("/sell", said)),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error("/sell", e.to_string())),
    }
}
