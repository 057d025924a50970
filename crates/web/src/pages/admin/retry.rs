//! `POST /admin/dead-letters/{events|emails}/{id}/retry`: delivers a dead letter to its
//! consumer again, or sends a dead e-mail again, now; the outcome is a flash message.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_bus::dead_letters;
use openlance_http::AppState;
use serde::Deserialize;

use super::admins_only;
use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct Nothing {}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((what, id)): Path<(String, String)>,
    WebForm(_): WebForm<Nothing>,
) -> Result<Response, WebError> {
    admins_only(&me)?;
    let page = "/admin/dead-letters";
    let done = match what.as_str() {
        "events" => {
            let id: i64 = id.parse().map_err(|_| WebError::not_found())?;
            let consumers = openlance_http::consumers(&state);
            dead_letters::retry(&state.db, state.clock.as_ref(), &consumers, id)
                .await
                .map_err(|e| e.to_string())
        }
        "emails" => state
            .notifications
            .retry_dead_email(&id)
            .await
            .map_err(|e| e.to_string()),
        _ => return Err(WebError::not_found()),
    };
    Ok(match done {
        Ok(()) => flash::ok(page, "Delivered."),
        Err(e) => flash::error(page, format!("Not delivered: {e}")),
    })
}
