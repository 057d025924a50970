//! `POST /notifications/read-all`: marks every notification of the visitor read.

use axum::extract::State;
use axum::response::Response;
use openlance_http::AppState;

use super::read::Nothing;
use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    WebForm(_): WebForm<Nothing>,
) -> Result<Response, WebError> {
    let n = state.notifications.mark_all_read(me.user_id).await?;
    Ok(flash::ok(
        "/notifications",
        match n {
            0 => "Nothing was unread.".to_string(),
            1 => "1 notification marked read.".to_string(),
            n => format!("{n} notifications marked read."),
        },
    ))
}
