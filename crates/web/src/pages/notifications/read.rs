//! `POST /notifications/{id}/read`: marks one of the visitor's notifications read; someone
//! else's is a 404.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_http::AppState;
use openlance_notifications::in_app::NotificationId;
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct Nothing {}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path(id): Path<String>,
    WebForm(_): WebForm<Nothing>,
) -> Result<Response, WebError> {
    let id = NotificationId::parse(&id).map_err(|_| WebError::not_found())?;
    state.notifications.mark_read(me.user_id, id).await?;
    Ok(flash::see_other("/notifications"))
}
