//! A NUL character (U+0000) in any text a client sends — a JSON string, a cursor, a query
//! value, a path parameter — is a 400 problem on both engines and writes nothing (SQLite
//! would store it; PostgreSQL refuses it with an error that used to surface as a 500).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use openlance_core::Cursor;
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestResponse};
use serde_json::json;

fn assert_refused(res: &TestResponse, field: &str) {
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);
    assert_eq!(
        res.content_type(),
        "application/problem+json",
        "{}",
        res.text
    );
    assert_eq!(res.code(), "validation_failed", "{}", res.text);
    assert_eq!(res.json["errors"][0]["field"], field, "{}", res.text);
}

async fn post_raw(app: &TestApp, uri: &str, token: Option<&str>, body: &str) -> TestResponse {
    let mut req = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    app.send(req.body(Body::from(body.to_string())).unwrap())
        .await
}

#[tokio::test]
async fn a_cursor_holding_a_nul_is_refused_on_wallet_transactions_and_the_freelancer_directory() {
    let app = TestApp::new().await;
    let ann = app
        .register("ann@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let wallet_cursor = Cursor::encode(&(i64::MAX, "a\0b")).into_string();
    let res = app
        .get(
            &format!("/api/v1/wallet/transactions?cursor={wallet_cursor}"),
            Some(&ann.token),
        )
        .await;
    assert_refused(&res, "cursor");

    let brief_cursor = Cursor::encode(&"\0").into_string();
    let res = app
        .get(&format!("/api/v1/freelancers?cursor={brief_cursor}"), None)
        .await;
    assert_refused(&res, "cursor");

    // The same routes still page with the cursors they issue.
    let res = app.get("/api/v1/freelancers?limit=1", None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn a_workup_withdrawal_description_with_a_nul_is_refused_and_moves_no_money() {
    let app = TestApp::new().await;
    let ann = app
        .register("ann@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let res = app
        .post(
            "/api/v1/wallet/top-ups",
            Some(&ann.token),
            json!({"amount": {"amount": 10_000, "currency": "USD"}, "paymentMethod": "pm_card_visa"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let transfers = app.state.payments.check_ledger().await.unwrap().transfers;

    let res = post_raw(
        &app,
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        Some(&ann.token),
        r#"{"amount": 12, "description": "rent\u0000"}"#,
    )
    .await;
    assert_refused(&res, "description");
    assert_eq!(
        app.state.payments.check_ledger().await.unwrap().transfers,
        transfers,
        "no money moved"
    );
    let res = app.get("/api/v1/wallet", Some(&ann.token)).await;
    assert_eq!(res.json["balances"][0]["available"]["amount"], 10_000);
}

#[tokio::test]
async fn a_name_with_a_nul_registers_nobody() {
    let app = TestApp::new().await;
    let res = post_raw(
        &app,
        "/api/v1/auth/register",
        None,
        &format!(
            r#"{{"email":"nul@example.com","password":"{TEST_PASSWORD}","name":"Ann\u0000","roles":["CLIENT"]}}"#
        ),
    )
    .await;
    assert_refused(&res, "name");
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nul@example.com", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.text);
    // The address is still free: the refused request wrote no user.
    app.register("nul@example.com", &["CLIENT"]).await;
}

#[tokio::test]
async fn a_nul_in_a_query_value_or_a_path_parameter_is_a_400() {
    let app = TestApp::new().await;
    let ann = app
        .register("ann@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let res = app
        .get(
            "/api/v1/wallet/transactions?currency=US%00D",
            Some(&ann.token),
        )
        .await;
    assert_refused(&res, "currency");
    let res = app.get("/api/v1/users/ab%00cd", None).await;
    assert_refused(&res, "path");
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/wallet/transactions/x%00y",
            Some(&ann.token),
        )
        .await;
    assert_refused(&res, "path");
}
