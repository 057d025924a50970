//! `GET /orders/{id}/checkout?step=deposit|complete|balance`: what the buyer is about to
//! pay and with what. With the embedded test provider it says so and offers the test cards.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use openlance_http::AppState;
use openlance_orders::OrderId;
use serde::Deserialize;

use super::super::TEST_CARDS;
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

#[derive(Deserialize)]
pub struct Step {
    step: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "checkout.html")]
pub struct Checkout {
    ctx: Ctx,
    id: String,
    title: String,
    step: String,
    heading: &'static str,
    amount: String,
    test_mode: bool,
    cards: &'static [(&'static str, &'static str)],
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<Step>,
) -> Result<Checkout, WebError> {
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let order = state.orders.order(me.user_id, id).await?;
    if order.buyer_id != me.user_id {
        return Err(WebError::not_found());
    }
    let (heading, amount) = match q.step.as_str() {
        "deposit" => ("Pay the deposit", order.deposit),
        "complete" => ("Confirm completion and pay the balance", order.balance),
        "balance" => ("Pay the balance due", order.balance_due),
        _ => return Err(WebError::not_found()),
    };
    Ok(Checkout {
        ctx,
        id: id.to_string(),
        title: order.service_title,
        step: q.step,
        heading,
        amount: amount.to_string(),
        test_mode: state.payments.provider_name() == "test",
        cards: TEST_CARDS,
    })
}
