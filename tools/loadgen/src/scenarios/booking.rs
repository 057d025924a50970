//! The booking journey on Openlance's own routes: a seller lists a service, a buyer clicks
//! "Get now", the seller confirms, the buyer pays the deposit by test card (held in
//! escrow), the seller delivers, and the buyer completes, paying the balance. Seller and
//! buyer are two seeded accounts per simulated user, signed in before the load starts.

use std::time::Instant;

use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use serde_json::{Value, json};

use super::journey::{self, Journey};
use super::transaction;
use crate::call::{Call, StepResult, address, send};
use crate::world;

pub const NAME: &str = "booking";

#[derive(Default)]
struct Booking {
    addr: String,
    seller: String,
    buyer: String,
    service: String,
    order: String,
    began: Option<Instant>,
    broken: Option<GooseRequestMetric>,
}

impl Journey for Booking {
    fn broken(&mut self) -> &mut Option<GooseRequestMetric> {
        &mut self.broken
    }

    fn began(&mut self) -> &mut Option<Instant> {
        &mut self.began
    }
}

pub fn scenario() -> Scenario {
    Scenario::new(NAME)
        .register_transaction(transaction(NAME, "list service", 1, |u| {
            Box::pin(list_service(u))
        }))
        .register_transaction(transaction(NAME, "get now", 2, |u| Box::pin(get_now(u))))
        .register_transaction(transaction(NAME, "confirm", 3, |u| Box::pin(confirm(u))))
        .register_transaction(transaction(NAME, "pay deposit", 4, |u| {
            Box::pin(pay_deposit(u))
        }))
        .register_transaction(transaction(NAME, "deliver", 5, |u| Box::pin(deliver(u))))
        .register_transaction(transaction(NAME, "complete", 6, |u| Box::pin(complete(u))))
}

async fn list_service(user: &mut GooseUser) -> TransactionResult {
    let mut j: Booking = journey::start();
    let i = user.weighted_users_index;
    j.addr = address(0x0080_0000 + u32::try_from(i).unwrap_or(0));
    if let Some(world) = world::get() {
        j.seller = world.account(2 * i).token.clone();
        j.buyer = world.account(2 * i + 1).token.clone();
    }
    let result = async {
        let body = json!({"title": "Dog walking in the park", "description":
            "An hour in the park, twice a day, with photos of the walk.", "category": "HOME_AND_PETS",
            "price": {"amount": 8000, "currency": "USD"}, "depositPercent": 50,
            "delivery": {"days": 2}, "location": "Lisbon"});
        let call = Call::post("/api/v1/services", "POST /api/v1/services", &j.addr, Some(&body));
        j.service = send(user, call.token(&j.seller).idempotent().expect(201))
            .await?
            .text(user, "/id")?;
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

async fn get_now(user: &mut GooseUser) -> TransactionResult {
    let mut j: Booking = journey::resume(user)?;
    let result = async {
        let path = format!("/api/v1/services/{}/orders", j.service);
        let body = json!({"requirements": "Mornings, please"});
        let call = Call::post(
            &path,
            "POST /api/v1/services/{id}/orders",
            &j.addr,
            Some(&body),
        );
        let mut reply = send(user, call.token(&j.buyer).idempotent().expect(201)).await?;
        j.order = reply.text(user, "/id")?;
        if reply.json["status"] != "REQUESTED" {
            return Err(reply.fail(user, "the order is not REQUESTED"));
        }
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

/// One order action by `token`; the order's `status` must then be `expect`.
async fn act(
    user: &mut GooseUser,
    j: &Booking,
    action: &str,
    token: &str,
    body: Option<&Value>,
    expect: &str,
) -> StepResult<()> {
    let path = format!("/api/v1/orders/{}/{action}", j.order);
    let name = format!("POST /api/v1/orders/{{id}}/{action}");
    let call = Call::post(&path, &name, &j.addr, body)
        .token(token)
        .idempotent();
    let mut reply = send(user, call).await?;
    if reply.json["status"] != expect {
        return Err(reply.fail(user, &format!("the order is not {expect}")));
    }
    Ok(())
}

async fn confirm(user: &mut GooseUser) -> TransactionResult {
    let j: Booking = journey::resume(user)?;
    let result = act(user, &j, "accept", &j.seller, None, "ACCEPTED").await;
    journey::store(user, j, result)
}

async fn pay_deposit(user: &mut GooseUser) -> TransactionResult {
    let j: Booking = journey::resume(user)?;
    let card = json!({"paymentMethod": "pm_card_visa"});
    let result = act(
        user,
        &j,
        "pay-deposit",
        &j.buyer,
        Some(&card),
        "DEPOSIT_PAID",
    )
    .await;
    journey::store(user, j, result)
}

async fn deliver(user: &mut GooseUser) -> TransactionResult {
    let j: Booking = journey::resume(user)?;
    let result = act(user, &j, "deliver", &j.seller, None, "DELIVERED").await;
    journey::store(user, j, result)
}

async fn complete(user: &mut GooseUser) -> TransactionResult {
    let j: Booking = journey::resume(user)?;
    let card = json!({"paymentMethod": "pm_card_visa"});
    let result = act(user, &j, "complete", &j.buyer, Some(&card), "COMPLETED").await;
    journey::finish(user, NAME, j, result)
}
