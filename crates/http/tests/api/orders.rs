//! Orders routes over services listed through `POST /api/v1/services`: the booking from
//! "Get now" to COMPLETED, a stranger and the wrong party on every route, bad input,
//! concurrent double clicks, replayed Idempotency-Keys, a declined card, the timers and
//! the admins' dispute routes.

mod access;
mod clicks;
mod disputes;
mod journey;

use axum::body::Body;
use axum::http::{Request, header};
use openlance_accounts::Role;
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestResponse, TestUser};
use serde_json::{Value, json};

/// A user created without the registration throttle (as `openlance admin` does), signed in.
async fn user(app: &TestApp, name: &str, roles: &[Role]) -> TestUser {
    let email = format!("{name}@example.com");
    let id = app
        .state
        .accounts
        .create_user(&email, TEST_PASSWORD, name, roles)
        .await
        .unwrap();
    let mut user = TestUser {
        id: id.to_string(),
        email,
        token: String::new(),
        refresh_token: String::new(),
    };
    sign_in_again(app, &mut user).await;
    user
}

/// Signs `user` in again (after the test clock outran their access token).
async fn sign_in_again(app: &TestApp, user: &mut TestUser) {
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": user.email, "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.text);
    user.token = login.json["accessToken"].as_str().unwrap().to_string();
}

/// A seller, a buyer and the seller's service.
struct Shop {
    seller: TestUser,
    buyer: TestUser,
    service: String,
}

/// Registers `<name>-seller` (FREELANCER) and `<name>-buyer` (CLIENT) and lists a
/// service of `cents` with a 50% deposit.
async fn shop(app: &TestApp, name: &str, cents: i64) -> Shop {
    let seller = user(app, &format!("{name}-seller"), &[Role::Freelancer]).await;
    let buyer = user(app, &format!("{name}-buyer"), &[Role::Client]).await;
    let service = list_service(app, &seller, cents, 50).await;
    Shop {
        seller,
        buyer,
        service,
    }
}

/// Lists a service through the catalog's route; returns its id.
async fn list_service(
    app: &TestApp,
    seller: &TestUser,
    cents: i64,
    deposit_percent: i64,
) -> String {
    let res = app
        .post(
            "/api/v1/services",
            Some(&seller.token),
            json!({
                "title": "Dog walking in the park",
                "description": "An hour's walk, twice a day, for friendly dogs.",
                "category": "HOME_AND_PETS",
                "price": {"amount": cents, "currency": "USD"},
                "depositPercent": deposit_percent,
                "delivery": {"days": 2},
                "remote": false,
                "location": "Lisbon",
            }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json["id"].as_str().unwrap().to_string()
}

/// "Get now": `buyer` orders `service`; returns the order's id.
async fn get_now(app: &TestApp, buyer: &TestUser, service: &str) -> String {
    let res = app
        .post(
            &format!("/api/v1/services/{service}/orders"),
            Some(&buyer.token),
            json!({"requirements": "Twice a day; he pulls a bit."}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json["id"].as_str().unwrap().to_string()
}

fn order_uri(order: &str, action: &str) -> String {
    format!("/api/v1/orders/{order}/{action}")
}

/// Sends one order action as `user` with `body` (no body for accept and deliver).
async fn act(app: &TestApp, user: &TestUser, order: &str, action: &str) -> TestResponse {
    let body = match action {
        "accept" | "deliver" => None,
        "decline" | "dispute" => Some(json!({"reason": "not this time"})),
        _ => Some(json!({})),
    };
    app.call(
        axum::http::Method::POST,
        &order_uri(order, action),
        Some(&user.token),
        body,
    )
    .await
}

/// Posts a raw JSON body with an optional `Idempotency-Key`.
async fn post_keyed(
    app: &TestApp,
    uri: &str,
    token: &str,
    key: Option<&str>,
    body: Value,
) -> TestResponse {
    let mut req = Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    app.send(req.body(Body::from(body.to_string())).unwrap())
        .await
}

async fn status_of(app: &TestApp, user: &TestUser, order: &str) -> String {
    let res = app
        .get(&format!("/api/v1/orders/{order}"), Some(&user.token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["status"].as_str().unwrap().to_string()
}

async fn top_up(app: &TestApp, user: &TestUser, cents: i64) {
    let res = app
        .post(
            "/api/v1/wallet/top-ups",
            Some(&user.token),
            json!({"amount": {"amount": cents, "currency": "USD"}, "paymentMethod": "pm_card_visa"}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

/// The caller's USD wallet: (available, in escrow), in cents.
async fn wallet(app: &TestApp, user: &TestUser) -> (i64, i64) {
    let res = app.get("/api/v1/wallet", Some(&user.token)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["balances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["currency"] == "USD")
        .map_or((0, 0), |b| {
            (
                b["available"]["amount"].as_i64().unwrap(),
                b["inEscrow"]["amount"].as_i64().unwrap(),
            )
        })
}

async fn assert_ledger_balanced(app: &TestApp) {
    let report = app.state.payments.check_ledger().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// A new order of `s.service` walked through our routes to `state` (REQUESTED,
/// ACCEPTED, DEPOSIT_PAID, DELIVERED or DISPUTED), the deposit paid from the buyer's
/// wallet after topping it up.
async fn walk(app: &TestApp, s: &Shop, state: &str) -> String {
    let order = get_now(app, &s.buyer, &s.service).await;
    let steps: &[(&str, bool)] = &[
        ("accept", false),
        ("pay-deposit", true),
        ("deliver", false),
        ("dispute", true),
    ];
    let stop = [
        "REQUESTED",
        "ACCEPTED",
        "DEPOSIT_PAID",
        "DELIVERED",
        "DISPUTED",
    ]
    .iter()
    .position(|s| *s == state)
    .unwrap();
    for &(action, by_buyer) in &steps[..stop] {
        if action == "pay-deposit" {
            let read = app
                .get(&format!("/api/v1/orders/{order}"), Some(&s.buyer.token))
                .await;
            top_up(
                app,
                &s.buyer,
                read.json["deposit"]["amount"].as_i64().unwrap(),
            )
            .await;
        }
        let who = if by_buyer { &s.buyer } else { &s.seller };
        let res = act(app, who, &order, action).await;
        assert_eq!(res.status, 200, "{action}: {}", res.text);
    }
    assert_eq!(status_of(app, &s.buyer, &order).await, state);
    order
}

/// An admin, created the way `openlance admin` does, signed in.
async fn admin(app: &TestApp) -> TestUser {
    user(app, "root", &[Role::Admin]).await
}
