//! `POST /orders/{id}/{accept|decline|deliver|dispute|cancel}`: the moves without money
//! in them. The orders context decides who may make which move; a refusal comes back as a
//! flash message on the order page.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_core::DomainError;
use openlance_http::AppState;
use openlance_orders::OrderId;
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    reason: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path((id, action)): Path<(String, String)>,
    WebForm(f): WebForm<ActForm>,
) -> Result<Response, WebError> {
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let orders = &state.orders;
    let (done, said) = match action.as_str() {
        "accept" => (
            orders.accept(me.user_id, id).await,
            "Request confirmed. The buyer pays the deposit next.",
        ),
        "decline" => (
            orders.decline(me.user_id, id, &f.reason).await,
            "Request declined.",
        ),
        "deliver" => (
            orders.deliver(me.user_id, id).await,
            "Marked delivered. The buyer confirms completion next.",
        ),
        "dispute" => (
            orders.dispute(me.user_id, id, &f.reason).await,
            "Dispute opened. An admin will look at it.",
        ),
        "cancel" => {
            let reason = (!f.reason.trim().is_empty()).then_some(f.reason.as_str());
            (
                orders.cancel(me.user_id, id, reason).await,
                "Cancellation recorded.",
            )
        }
        _ => return Err(WebError::not_found()),
    };
    let page = format!("/orders/{id}");
    match done {
        Ok(_) => Ok(flash::ok(&page, said)),
        Err(DomainError::NotFound(what)) => Err(DomainError::NotFound(what).into()),
        Err(e) => Ok(flash::error(&page, e.to_string())),
    }
}
