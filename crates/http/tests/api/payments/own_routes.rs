//! `/api/v1/wallet` and the admin trial balance.

use std::sync::Arc;

use openlance_accounts::Role;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::json;

use super::{assert_balanced, assert_problem, post_raw, top_up, transfer_count, user};

#[tokio::test]
async fn top_up_withdraw_balance_and_history() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    let res = app
        .post("/api/v1/wallet/top-ups", Some(&ann.token),
            json!({"amount": {"amount": 10_000, "currency": "USD"}, "paymentMethod": "pm_card_visa"}))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.json["status"], "SUCCEEDED");
    assert_eq!(
        res.json["balance"],
        json!({"amount": 10_000, "currency": "USD"})
    );

    let res = app
        .post(
            "/api/v1/wallet/withdrawals",
            Some(&ann.token),
            json!({"amount": {"amount": 2_500, "currency": "USD"}}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.json["balance"]["amount"], 7_500);

    let res = app.get("/api/v1/wallet", Some(&ann.token)).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.json["balances"],
        json!([{"currency": "USD", "available": {"amount": 7_500, "currency": "USD"}, "inEscrow": {"amount": 0, "currency": "USD"}}])
    );

    let res = app
        .get("/api/v1/wallet/transactions?limit=1", Some(&ann.token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let items = res.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "withdrawal");
    assert_eq!(items[0]["direction"], "DEBIT");
    assert_eq!(
        items[0]["counterparty"],
        json!({"kind": "provider", "id": "test"})
    );
    let cursor = res.json["nextCursor"].as_str().unwrap();
    let res = app
        .get(
            &format!("/api/v1/wallet/transactions?limit=1&cursor={cursor}"),
            Some(&ann.token),
        )
        .await;
    assert_eq!(res.json["items"][0]["kind"], "top_up");
    assert_eq!(res.json["items"][0]["amount"]["amount"], 10_000);
    assert!(res.json["nextCursor"].is_null());

    for bad in [
        "limit=0",
        "limit=101",
        "cursor=nonsense",
        "currency=XYZ",
        "unknown=1",
    ] {
        let res = app
            .get(
                &format!("/api/v1/wallet/transactions?{bad}"),
                Some(&ann.token),
            )
            .await;
        assert_problem(&res, 400, "");
    }
    assert_balanced(&app).await;
}

#[tokio::test]
async fn declines_and_overdrafts_are_problems_and_move_nothing() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    for (method, cents) in [
        ("pm_card_chargeDeclined", 1_000),
        ("pm_card_insufficientFunds", 1_000),
        ("pm_card_visa", 5_402),
    ] {
        let res = app
            .post(
                "/api/v1/wallet/top-ups",
                Some(&ann.token),
                json!({"amount": {"amount": cents, "currency": "USD"}, "paymentMethod": method}),
            )
            .await;
        assert_problem(&res, 402, "payment_declined");
    }
    let res = app
        .post(
            "/api/v1/wallet/withdrawals",
            Some(&ann.token),
            json!({"amount": {"amount": 1, "currency": "USD"}}),
        )
        .await;
    assert_problem(&res, 422, "insufficient_funds");
    assert_eq!(transfer_count(&app).await, 0);
    top_up(&app, &ann.token, 1_000).await;
    let res = app
        .post(
            "/api/v1/wallet/withdrawals",
            Some(&ann.token),
            json!({"amount": {"amount": 1_001, "currency": "USD"}}),
        )
        .await;
    assert_problem(&res, 422, "insufficient_funds");
    assert_eq!(transfer_count(&app).await, 1);
}

#[tokio::test]
async fn bad_amounts_are_400_problems_and_write_nothing() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    top_up(&app, &ann.token, 1_000).await;
    let before = transfer_count(&app).await;
    let amounts = [
        r#"{"amount": 0, "currency": "USD"}"#,
        r#"{"amount": -500, "currency": "USD"}"#,
        r#"{"amount": 1.5, "currency": "USD"}"#,
        r#"{"amount": 99999999999999999999, "currency": "USD"}"#,
        r#"{"amount": 9223372036854775807, "currency": "USD"}"#,
        r#"{"amount": "100", "currency": "USD"}"#,
        r#"{"amount": 100, "currency": "XYZ"}"#,
        r#"{"amount": 100, "currency": "US"}"#,
        r#"{"amount": 100}"#,
        r#"{"amount": 100, "currency": "USD", "extra": 1}"#,
    ];
    for amount in amounts {
        let res = post_raw(
            &app,
            "/api/v1/wallet/withdrawals",
            &ann.token,
            None,
            &format!(r#"{{"amount": {amount}}}"#),
        )
        .await;
        assert_problem(&res, 400, "");
        let body = format!(r#"{{"amount": {amount}, "paymentMethod": "pm_card_visa"}}"#);
        let res = post_raw(&app, "/api/v1/wallet/top-ups", &ann.token, None, &body).await;
        assert_problem(&res, 400, "");
    }
    let res = post_raw(
        &app,
        "/api/v1/wallet/top-ups",
        &ann.token,
        None,
        r#"{"amount": {"amount": 1, "currency": "USD"}}"#,
    )
    .await;
    assert_problem(&res, 400, "");
    let res = post_raw(
        &app,
        "/api/v1/wallet/withdrawals",
        &ann.token,
        None,
        "{not json",
    )
    .await;
    assert_problem(&res, 400, "malformed_json");
    assert_eq!(transfer_count(&app).await, before);
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_response_and_refuses_another_body() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    let bob = user(&app, "bob").await;
    let body =
        r#"{"amount": {"amount": 2000, "currency": "USD"}, "paymentMethod": "pm_card_visa"}"#;
    let first = post_raw(
        &app,
        "/api/v1/wallet/top-ups",
        &ann.token,
        Some("top-up-1"),
        body,
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let again = post_raw(
        &app,
        "/api/v1/wallet/top-ups",
        &ann.token,
        Some("top-up-1"),
        body,
    )
    .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.text, first.text, "same body byte for byte");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(transfer_count(&app).await, 1, "the replay moved no money");

    let other =
        r#"{"amount": {"amount": 3000, "currency": "USD"}, "paymentMethod": "pm_card_visa"}"#;
    let res = post_raw(
        &app,
        "/api/v1/wallet/top-ups",
        &ann.token,
        Some("top-up-1"),
        other,
    )
    .await;
    assert_problem(&res, 422, "idempotency_key_reused");
    // The same key on another route is another request too.
    let res = post_raw(
        &app,
        "/api/v1/wallet/withdrawals",
        &ann.token,
        Some("top-up-1"),
        r#"{"amount": {"amount": 1, "currency": "USD"}}"#,
    )
    .await;
    assert_problem(&res, 422, "idempotency_key_reused");
    // Keys are per user.
    let res = post_raw(
        &app,
        "/api/v1/wallet/top-ups",
        &bob.token,
        Some("top-up-1"),
        body,
    )
    .await;
    assert_eq!(res.status, 201);
    assert_ne!(res.text, first.text);

    let wallet = app.get("/api/v1/wallet", Some(&ann.token)).await;
    assert_eq!(wallet.json["balances"][0]["available"]["amount"], 2_000);

    // A failed request does not burn its key: after funding, the retry goes through.
    let w = r#"{"amount": {"amount": 5000, "currency": "USD"}}"#;
    let res = post_raw(
        &app,
        "/api/v1/wallet/withdrawals",
        &ann.token,
        Some("w-1"),
        w,
    )
    .await;
    assert_problem(&res, 422, "insufficient_funds");
    top_up(&app, &ann.token, 3_000).await;
    let res = post_raw(
        &app,
        "/api/v1/wallet/withdrawals",
        &ann.token,
        Some("w-1"),
        w,
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let res = post_raw(
        &app,
        "/api/v1/wallet/withdrawals",
        &ann.token,
        Some("w-1"),
        w,
    )
    .await;
    assert_eq!(res.status, 201);
    assert_eq!(res.json["balance"]["amount"], 0);
    let wallet = app.get("/api/v1/wallet", Some(&ann.token)).await;
    assert_eq!(wallet.json["balances"][0]["available"]["amount"], 0);

    let res = post_raw(
        &app,
        "/api/v1/wallet/top-ups",
        &ann.token,
        Some(&"k".repeat(256)),
        body,
    )
    .await;
    assert_problem(&res, 400, "validation_failed");
    assert_balanced(&app).await;
}

#[tokio::test]
async fn thirty_two_concurrent_withdrawals_over_http_never_overdraw() {
    let app = Arc::new(TestApp::new().await);
    let ann = user(&app, "ann").await;
    top_up(&app, &ann.token, 1_000).await;
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let (app, token) = (app.clone(), ann.token.clone());
        tasks.push(tokio::spawn(async move {
            app.post(
                "/api/v1/wallet/withdrawals",
                Some(&token),
                json!({"amount": {"amount": 100, "currency": "USD"}}),
            )
            .await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        let res = task.await.unwrap();
        match res.status.as_u16() {
            201 => ok += 1,
            _ => assert_problem(&res, 422, "insufficient_funds"),
        }
    }
    assert_eq!(ok, 10);
    let wallet = app.get("/api/v1/wallet", Some(&ann.token)).await;
    assert_eq!(wallet.json["balances"][0]["available"]["amount"], 0);
    assert_balanced(&app).await;
}

#[tokio::test]
async fn the_trial_balance_is_for_admins_only() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    top_up(&app, &ann.token, 1_000).await;
    let res = app
        .get("/api/v1/admin/ledger/trial-balance", Some(&ann.token))
        .await;
    assert_problem(&res, 403, "forbidden");
    let res = app.get("/api/v1/admin/ledger/trial-balance", None).await;
    assert_problem(&res, 401, "unauthenticated");

    app.state
        .accounts
        .create_user("root@example.com", TEST_PASSWORD, "Root", &[Role::Admin])
        .await
        .unwrap();
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "root@example.com", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.text);
    let token = login.json["accessToken"].as_str().unwrap();
    let res = app
        .get("/api/v1/admin/ledger/trial-balance", Some(token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["balanced"], true);
    let lines = res.json["lines"].as_array().unwrap();
    let wallet = lines.iter().find(|l| l["purpose"] == "wallet").unwrap();
    assert_eq!(
        wallet["balance"],
        json!({"amount": 1_000, "currency": "USD"})
    );
    let external = lines.iter().find(|l| l["purpose"] == "external").unwrap();
    assert_eq!(external["balance"]["amount"], -1_000);
}

#[tokio::test]
async fn every_wallet_route_needs_a_token_and_shows_only_the_callers_money() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    let eve = user(&app, "eve").await;
    top_up(&app, &ann.token, 1_000).await;
    for uri in ["/api/v1/wallet", "/api/v1/wallet/transactions"] {
        assert_problem(&app.get(uri, None).await, 401, "unauthenticated");
        assert_problem(&app.get(uri, Some("not-a-token")).await, 401, "");
    }
    for uri in ["/api/v1/wallet/top-ups", "/api/v1/wallet/withdrawals"] {
        assert_problem(
            &app.post(uri, None, json!({})).await,
            401,
            "unauthenticated",
        );
    }
    let res = app.get("/api/v1/wallet", Some(&eve.token)).await;
    assert_eq!(res.json["balances"], json!([]));
    let res = app
        .get("/api/v1/wallet/transactions", Some(&eve.token))
        .await;
    assert_eq!(res.json["items"], json!([]));
    let res = app
        .post(
            "/api/v1/wallet/withdrawals",
            Some(&eve.token),
            json!({"amount": {"amount": 1, "currency": "USD"}}),
        )
        .await;
    assert_problem(&res, 422, "insufficient_funds");
    let res = app.get("/api/v1/wallet", Some(&ann.token)).await;
    assert_eq!(res.json["balances"][0]["available"]["amount"], 1_000);
}

#[tokio::test]
async fn the_openapi_document_describes_every_payments_route() {
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json", None).await.json;
    for (path, method, tag) in [
        ("/api/v1/wallet", "get", "payments"),
        ("/api/v1/wallet/transactions", "get", "payments"),
        ("/api/v1/wallet/top-ups", "post", "payments"),
        ("/api/v1/wallet/withdrawals", "post", "payments"),
        ("/api/v1/admin/ledger/trial-balance", "get", "payments"),
        (
            "/api/v1/payments/clients/me/requests",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/clients/me/transactions",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/freelancers/me/requests",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/freelancers/me/transactions",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/freelancers/me/wallet",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/freelancers/me/wallet/transactions",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/freelancers/me/wallet/transactions/{transactionId}",
            "get",
            "workup-payments",
        ),
        (
            "/api/v1/payments/requests/{requestId}/pay",
            "post",
            "workup-payments",
        ),
        (
            "/api/v1/payments/freelancers/me/wallet/withdraw",
            "post",
            "workup-payments",
        ),
    ] {
        let op = &doc["paths"][path][method];
        assert_eq!(op["tags"][0], tag, "{method} {path}");
        assert!(op["security"][0]["bearer"].is_array(), "{method} {path}");
    }
    let amount = &doc["components"]["schemas"]["WorkupWithdrawRequest"]["properties"]["amount"];
    assert!(
        amount["description"]
            .as_str()
            .unwrap()
            .contains("Whole currency units"),
        "{amount}"
    );
}
