//! `POST /orders/{id}/pay`: the checkout's button. The card is charged first (outside any
//! transaction, keyed by the order and the step so a double click charges once), then the
//! orders context moves the order and the money.

use axum::extract::{Path, State};
use axum::response::Response;
use openlance_http::AppState;
use openlance_orders::{OrderId, Payment};
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct PayForm {
    step: String,
    method: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path(id): Path<String>,
    WebForm(f): WebForm<PayForm>,
) -> Result<Response, WebError> {
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let method = (f.method != "wallet").then_some(f.method.as_str());
    let orders = &state.orders;
    let paid = match f.step.as_str() {
        "deposit" => orders.pay_deposit(me.user_id, id, method, None).await,
        "complete" => orders.complete(me.user_id, id, method, None).await,
        "balance" => orders.pay_balance(me.user_id, id, method, None).await,
        _ => return Err(WebError::not_found()),
    };
    let order_page = format!("/orders/{id}");
    Ok(match paid {
        Ok(Payment::Done(_)) => flash::ok(
            &order_page,
            match f.step.as_str() {
                "deposit" => "Payment received. The deposit is held safely until the work is done.",
                _ => "Thank you! The order is complete and the seller is paid.",
            },
        ),
        Ok(Payment::Pending { .. }) => flash::ok(
            &order_page,
            "Your payment is being processed; the order moves on once it clears.",
        ),
        Err(openlance_core::DomainError::NotFound(what)) => {
            return Err(openlance_core::DomainError::NotFound(what).into());
        }
        Err(e) => flash::error(
            &format!("{order_page}/checkout?step={}", f.step),
            e.to_string(),
        ),
    })
}
