//! WorkUp's `/api/v1/payments` routes.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use openlance_http::testing::TestApp;
use serde_json::json;

use super::{
    assert_balanced, assert_problem, payment_request, post_raw, top_up, transfer_count, user,
};

#[tokio::test]
async fn a_client_pays_a_request_once_and_both_sides_see_it() {
    let app = TestApp::new().await;
    let (client, freelancer, eve) = (
        user(&app, "client").await,
        user(&app, "freelancer").await,
        user(&app, "eve").await,
    );
    let request = payment_request(&app, &client, &freelancer, "ms-1", 12_345).await;

    let res = app
        .get(
            "/api/v1/payments/freelancers/me/requests",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let listed = &res.json["requests"][0];
    assert_eq!(listed["id"], request.id.to_string());
    assert_eq!(listed["amount"], 123.45);
    assert_eq!(listed["status"], "PENDING");
    assert_eq!(listed["clientId"], client.id);
    let res = app
        .get("/api/v1/payments/clients/me/requests", Some(&client.token))
        .await;
    assert_eq!(res.json["requests"].as_array().unwrap().len(), 1);
    let res = app
        .get("/api/v1/payments/clients/me/requests", Some(&eve.token))
        .await;
    assert_eq!(res.json["requests"], json!([]));

    let pay = format!("/api/v1/payments/requests/{}/pay", request.id);
    assert_problem(
        &app.post(&pay, Some(&eve.token), json!(null)).await,
        404,
        "not_found",
    );
    assert_problem(
        &app.post(&pay, Some(&freelancer.token), json!(null)).await,
        403,
        "forbidden",
    );
    assert_problem(
        &app.post(&pay, None, json!(null)).await,
        401,
        "unauthenticated",
    );
    assert_eq!(transfer_count(&app).await, 0);

    let res = app.post(&pay, Some(&client.token), json!(null)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["transactionStatus"], "SUCCESS");
    assert_eq!(
        (
            res.json["amount"].clone(),
            res.json["platformFee"].clone(),
            res.json["netAmount"].clone()
        ),
        (json!(123.45), json!(12.34), json!(111.11))
    );
    let transaction_id = res.json["transactionId"].as_str().unwrap().to_string();
    assert_problem(
        &app.post(&pay, Some(&client.token), json!(null)).await,
        409,
        "already_paid",
    );

    let res = app
        .get(
            "/api/v1/payments/clients/me/transactions",
            Some(&client.token),
        )
        .await;
    assert_eq!(res.json["transactions"][0]["id"], transaction_id);
    assert_eq!(
        res.json["transactions"][0]["paymentRequestId"],
        request.id.to_string()
    );
    assert_eq!(res.json["transactions"][0]["status"], "SUCCESS");
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/transactions",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(res.json["transactions"][0]["netAmount"], 111.11);
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/transactions",
            Some(&eve.token),
        )
        .await;
    assert_eq!(res.json["transactions"], json!([]));
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/requests",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(res.json["requests"][0]["status"], "PAID");

    let res = app
        .get(
            "/api/v1/payments/freelancers/me/wallet",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(res.json["balance"], 111.11);
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/wallet/transactions",
            Some(&freelancer.token),
        )
        .await;
    let entries = res.json["transactions"].as_array().unwrap();
    let payment = entries.iter().find(|e| e["kind"] == "payment").unwrap();
    assert_eq!(
        (
            payment["amount"].clone(),
            payment["transactionType"].clone()
        ),
        (json!(123.45), json!("CREDIT"))
    );
    assert_eq!(payment["paymentTransactionId"], transaction_id);
    let fee = entries
        .iter()
        .find(|e| e["kind"] == "platform_fee")
        .unwrap();
    assert_eq!(
        (fee["amount"].clone(), fee["transactionType"].clone()),
        (json!(12.34), json!("DEBIT"))
    );

    let one = format!("/api/v1/payments/freelancers/me/wallet/transactions/{transaction_id}");
    let res = app.get(&one, Some(&freelancer.token)).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json["transaction"]["id"], transaction_id);
    assert_problem(&app.get(&one, Some(&eve.token)).await, 404, "not_found");
    let res = app
        .get("/api/v1/payments/freelancers/me/wallet", Some(&eve.token))
        .await;
    assert_eq!(res.json["balance"], 0.0);
    assert_balanced(&app).await;
}

#[tokio::test]
async fn paying_with_an_idempotency_key_twice_returns_the_first_response() {
    let app = TestApp::new().await;
    let (client, freelancer) = (user(&app, "client").await, user(&app, "freelancer").await);
    let request = payment_request(&app, &client, &freelancer, "ms-1", 5_000).await;
    let pay = || {
        Request::post(format!("/api/v1/payments/requests/{}/pay", request.id))
            .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
            .header("Idempotency-Key", "pay-ms-1")
            .body(Body::empty())
            .unwrap()
    };
    let first = app.send(pay()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = app.send(pay()).await;
    assert_eq!((second.status, &second.text), (first.status, &first.text));
    assert_eq!(second.headers["idempotent-replayed"], "true");
    let wallet = app
        .get(
            "/api/v1/payments/freelancers/me/wallet",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(wallet.json["balance"], 45.0);
}

#[tokio::test]
async fn ten_concurrent_payments_pay_once() {
    let app = Arc::new(TestApp::new().await);
    let (client, freelancer) = (user(&app, "client").await, user(&app, "freelancer").await);
    let request = payment_request(&app, &client, &freelancer, "ms-1", 10_000).await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (app, token, uri) = (
            app.clone(),
            client.token.clone(),
            format!("/api/v1/payments/requests/{}/pay", request.id),
        );
        tasks.push(tokio::spawn(async move {
            app.post(&uri, Some(&token), json!(null)).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        let res = task.await.unwrap();
        match res.status.as_u16() {
            200 => ok += 1,
            // Paid already, or another attempt's charge still in flight: both 409s.
            _ => {
                assert_problem(&res, 409, "");
                assert!(
                    ["already_paid", "payment_in_progress"].contains(&res.code()),
                    "{}",
                    res.text
                );
            }
        }
    }
    assert_eq!(ok, 1);
    let wallet = app
        .get(
            "/api/v1/payments/freelancers/me/wallet",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(wallet.json["balance"], 90.0);
    assert_balanced(&app).await;
}

#[tokio::test]
async fn workup_withdrawals_convert_whole_units_exactly_and_refuse_bad_amounts() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    top_up(&app, &ann.token, 10_000).await;
    let uri = "/api/v1/payments/freelancers/me/wallet/withdraw";
    let before = transfer_count(&app).await;
    for bad in [
        r#"{"amount": 12.345}"#,
        r#"{"amount": 0}"#,
        r#"{"amount": -5}"#,
        r#"{"amount": "12.345"}"#,
        r#"{"amount": "twelve"}"#,
        r#"{"amount": "1e3"}"#,
        r#"{"amount": true}"#,
        r#"{"amount": 1e300}"#,
        r#"{"amount": 100000000000000000000}"#,
        r#"{"userId": "u-1"}"#,
        r#"{}"#,
    ] {
        let res = post_raw(&app, uri, &ann.token, None, bad).await;
        assert_problem(&res, 400, "");
    }
    assert_eq!(transfer_count(&app).await, before);
    let res = post_raw(
        &app,
        uri,
        &ann.token,
        None,
        r#"{"amount": 12.5, "description": "rent"}"#,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["balance"], 87.5);
    let moved = transfer_count(&app).await;
    let res = post_raw(&app, uri, &ann.token, None, r#"{"amount": 87.51}"#).await;
    assert_problem(&res, 400, "insufficient_funds");
    assert_eq!(
        res.json["statusCode"], "BAD_REQUEST",
        "WorkUp's status for it"
    );
    assert_eq!(transfer_count(&app).await, moved, "nothing moved");
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/wallet/transactions",
            Some(&ann.token),
        )
        .await;
    let latest = &res.json["transactions"][0];
    assert_eq!(
        (
            latest["amount"].clone(),
            latest["transactionType"].clone(),
            latest["description"].clone()
        ),
        (json!(12.5), json!("DEBIT"), json!("rent"))
    );
    assert_problem(
        &app.post(uri, None, json!({"amount": 1})).await,
        401,
        "unauthenticated",
    );
    assert_balanced(&app).await;
}

#[tokio::test]
async fn malformed_ids_are_400_and_every_workup_route_needs_a_token() {
    let app = TestApp::new().await;
    let ann = user(&app, "ann").await;
    let res = app
        .post(
            "/api/v1/payments/requests/not-an-id/pay",
            Some(&ann.token),
            json!(null),
        )
        .await;
    assert_problem(&res, 400, "validation_failed");
    let res = app
        .get(
            "/api/v1/payments/freelancers/me/wallet/transactions/nope",
            Some(&ann.token),
        )
        .await;
    assert_problem(&res, 400, "validation_failed");
    let unknown = format!("/api/v1/payments/requests/{}/pay", uuid::Uuid::now_v7());
    assert_problem(
        &app.post(&unknown, Some(&ann.token), json!(null)).await,
        404,
        "not_found",
    );
    for uri in [
        "/api/v1/payments/clients/me/requests",
        "/api/v1/payments/clients/me/transactions",
        "/api/v1/payments/freelancers/me/requests",
        "/api/v1/payments/freelancers/me/transactions",
        "/api/v1/payments/freelancers/me/wallet",
        "/api/v1/payments/freelancers/me/wallet/transactions",
    ] {
        assert_problem(&app.get(uri, None).await, 401, "unauthenticated");
        assert_eq!(app.get(uri, Some(&ann.token)).await.status, 200, "{uri}");
    }
}
