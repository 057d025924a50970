//! `POST /admin/disputes/{id}/{release|refund}`: an admin settles a disputed order with a
//! note. The orders context moves it once; a second click is refused as a flash message.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_core::DomainError;
use openlance_http::AppState;
use openlance_orders::{OrderId, Resolution};
use serde::Deserialize;

use super::admins_only;
use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((id, action)): Path<(String, String)>,
    WebForm(f): WebForm<NoteForm>,
) -> Result<Response, WebError> {
    admins_only(&me)?;
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let (resolution, said) = match action.as_str() {
        "release" => (Resolution::Release, "Released to the seller."),
        "refund" => (Resolution::Refund, "Refunded to the buyer."),
        _ => return Err(WebError::not_found()),
    };
    let page = "/admin/disputes";
    match state
        .orders
        .resolve_dispute(me.user_id, true, id, resolution, &f.note)
        .await
    {
        Ok(_) => Ok(flash::ok(page, said)),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error(page, e.to_string())),
    }
}
