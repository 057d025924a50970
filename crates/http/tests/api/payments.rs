//! Payments routes: our wallet routes, the admin trial balance, and WorkUp's payment
//! routes, each with its owner, a stranger and bad input.

mod own_routes;
mod provider_faults;
mod workup_compat;
mod workup_routes;

use axum::body::Body;
use axum::http::{Request, header};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_http::testing::{TestApp, TestResponse, TestUser};
use openlance_payments::{NewPaymentRequest, PaymentRequest};

/// A user who is both client and freelancer.
async fn user(app: &TestApp, name: &str) -> TestUser {
    app.register(&format!("{name}@example.com"), &["CLIENT", "FREELANCER"])
        .await
}

fn id_of(user: &TestUser) -> UserId {
    UserId::parse(&user.id).unwrap()
}

/// Sends a raw body with optional `Idempotency-Key`.
async fn post_raw(
    app: &TestApp,
    uri: &str,
    token: &str,
    key: Option<&str>,
    body: &str,
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

async fn top_up(app: &TestApp, token: &str, cents: i64) {
    let res = app
        .post(
            "/api/v1/wallet/top-ups",
            Some(token),
            serde_json::json!({"amount": {"amount": cents, "currency": "USD"}, "paymentMethod": "pm_card_visa"}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

/// A payment request, created the way the contracts context will: in its own transaction.
async fn payment_request(
    app: &TestApp,
    client: &TestUser,
    freelancer: &TestUser,
    milestone: &str,
    cents: i64,
) -> PaymentRequest {
    let mut tx = app.state.db.begin().await.unwrap();
    let request = app
        .state
        .payments
        .create_payment_request(
            &mut tx,
            NewPaymentRequest {
                client_id: id_of(client),
                freelancer_id: id_of(freelancer),
                contract_id: "contract-1".into(),
                milestone_id: milestone.into(),
                amount: Money::new(cents, Currency::USD),
                description: "Design the logo".into(),
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    request
}

async fn transfer_count(app: &TestApp) -> i64 {
    app.state.payments.check_ledger().await.unwrap().transfers
}

async fn assert_balanced(app: &TestApp) {
    let report = app.state.payments.check_ledger().await.unwrap();
    assert!(report.is_balanced(), "{report}");
}

fn assert_problem(res: &TestResponse, status: u16, code: &str) {
    assert_eq!(res.status.as_u16(), status, "{}", res.text);
    assert_eq!(
        res.content_type(),
        "application/problem+json",
        "{}",
        res.text
    );
    if !code.is_empty() {
        assert_eq!(res.code(), code, "{}", res.text);
    }
}
