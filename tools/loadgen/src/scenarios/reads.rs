//! The one-request scenarios: reads, searches and the two single writes, each user signed in
//! as one seeded account (`world`), picking a random id or word per request.

use goose::prelude::*;
use rand::seq::IndexedRandom;
use serde_json::json;

use super::{Entry, transaction};
use crate::call::{Call, address, send};
use crate::world::{self, World};

fn entry(name: &'static str, transaction: Transaction, needs_world: bool) -> Entry {
    Entry {
        name,
        scenario: Scenario::new(name).register_transaction(transaction),
        needs_world,
    }
}

pub fn all() -> Vec<Entry> {
    vec![
        entry(
            "job-search",
            transaction("job-search", "job-search", 1, |u| {
                Box::pin(job_search(u, "newest"))
            }),
            true,
        ),
        entry(
            "job-search-best",
            transaction("job-search-best", "job-search-best", 1, |u| {
                Box::pin(job_search(u, "best"))
            }),
            true,
        ),
        entry(
            "service-search",
            transaction("service-search", "service-search", 1, |u| {
                Box::pin(service_search(u))
            }),
            true,
        ),
        entry(
            "job-read",
            transaction("job-read", "job-read", 1, |u| Box::pin(job_read(u))),
            true,
        ),
        entry(
            "service-read",
            transaction("service-read", "service-read", 1, |u| {
                Box::pin(service_read(u))
            }),
            true,
        ),
        entry(
            "place-order",
            transaction("place-order", "place-order", 1, |u| {
                Box::pin(place_order(u))
            }),
            true,
        ),
        entry("me", transaction("me", "me", 1, |u| Box::pin(me(u))), true),
        entry(
            "wallet",
            transaction("wallet", "wallet", 1, |u| Box::pin(wallet(u))),
            true,
        ),
        entry(
            "top-up",
            transaction("top-up", "top-up", 1, |u| Box::pin(top_up(u))),
            true,
        ),
        entry(
            "healthz",
            transaction("healthz", "healthz", 1, |u| Box::pin(healthz(u))),
            false,
        ),
    ]
}

/// The collected world, this user's account token and its address.
fn context(user: &GooseUser) -> Option<(&'static World, &'static str, String)> {
    let world = world::get()?;
    let i = user.weighted_users_index;
    let token = world.account(i).token.as_str();
    Some((world, token, address(u32::try_from(i).unwrap_or(0) + 1)))
}

fn pick(items: &[String]) -> &str {
    items.choose(&mut rand::rng()).map_or("", String::as_str)
}

async fn job_search(user: &mut GooseUser, sort: &str) -> TransactionResult {
    let Some((world, _, addr)) = context(user) else {
        return Ok(());
    };
    let path = format!(
        "/api/v1/jobs?q={}&sort={sort}&limit=20",
        pick(&world.job_words)
    );
    let name = format!("GET /api/v1/jobs?q&sort={sort}");
    send(user, Call::get(&path, &name, &addr)).await?;
    Ok(())
}

async fn service_search(user: &mut GooseUser) -> TransactionResult {
    let Some((world, _, addr)) = context(user) else {
        return Ok(());
    };
    let path = format!("/api/v1/services?q={}&limit=20", pick(&world.service_words));
    send(user, Call::get(&path, "GET /api/v1/services?q", &addr)).await?;
    Ok(())
}

async fn job_read(user: &mut GooseUser) -> TransactionResult {
    let Some((world, token, addr)) = context(user) else {
        return Ok(());
    };
    let path = format!("/api/v1/jobs/{}", pick(&world.jobs));
    send(
        user,
        Call::get(&path, "GET /api/v1/jobs/{id}", &addr).token(token),
    )
    .await?;
    Ok(())
}

async fn service_read(user: &mut GooseUser) -> TransactionResult {
    let Some((world, token, addr)) = context(user) else {
        return Ok(());
    };
    let id = world
        .services
        .choose(&mut rand::rng())
        .map_or("", |s| s.id.as_str());
    let path = format!("/api/v1/services/{id}");
    send(
        user,
        Call::get(&path, "GET /api/v1/services/{id}", &addr).token(token),
    )
    .await?;
    Ok(())
}

/// "Get now" on a random listing that is not the buyer's own.
async fn place_order(user: &mut GooseUser) -> TransactionResult {
    let Some((world, token, addr)) = context(user) else {
        return Ok(());
    };
    let me = &world.account(user.weighted_users_index).id;
    let others: Vec<&world::Listing> = world
        .services
        .iter()
        .filter(|s| s.seller_id != *me)
        .collect();
    let id = others
        .choose(&mut rand::rng())
        .map_or("", |s| s.id.as_str());
    let path = format!("/api/v1/services/{id}/orders");
    let body = json!({"requirements": "Mornings, please; the details are in the brief."});
    let call = Call::post(
        &path,
        "POST /api/v1/services/{id}/orders",
        &addr,
        Some(&body),
    )
    .token(token)
    .expect(201);
    send(user, call).await?;
    Ok(())
}

async fn me(user: &mut GooseUser) -> TransactionResult {
    let Some((_, token, addr)) = context(user) else {
        return Ok(());
    };
    send(
        user,
        Call::get("/api/v1/users/me", "GET /api/v1/users/me", &addr).token(token),
    )
    .await?;
    Ok(())
}

async fn wallet(user: &mut GooseUser) -> TransactionResult {
    let Some((_, token, addr)) = context(user) else {
        return Ok(());
    };
    send(
        user,
        Call::get("/api/v1/wallet", "GET /api/v1/wallet", &addr).token(token),
    )
    .await?;
    Ok(())
}

/// A top-up with a fresh `Idempotency-Key`, as a client retrying safely sends.
async fn top_up(user: &mut GooseUser) -> TransactionResult {
    let Some((_, token, addr)) = context(user) else {
        return Ok(());
    };
    let body =
        json!({"amount": {"amount": 1000, "currency": "USD"}, "paymentMethod": "pm_card_visa"});
    let call = Call::post(
        "/api/v1/wallet/top-ups",
        "POST /api/v1/wallet/top-ups",
        &addr,
        Some(&body),
    )
    .token(token)
    .idempotent()
    .expect(201);
    send(user, call).await?;
    Ok(())
}

async fn healthz(user: &mut GooseUser) -> TransactionResult {
    let addr = address(u32::try_from(user.weighted_users_index).unwrap_or(0) + 1);
    send(user, Call::get("/healthz", "GET /healthz", &addr)).await?;
    Ok(())
}
