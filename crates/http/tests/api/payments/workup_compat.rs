//! WorkUp's clients must not notice they talk to Openlance: its load test's payment steps,
//! its role rules, `referenceId`, string amounts and the fields it sends that we ignore.

use axum::body::Body;
use axum::http::{Request, header};
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestUser};
use serde_json::{Value, json};

use super::{assert_balanced, assert_problem, payment_request, post_raw, transfer_count};

/// Registers through WorkUp's form and signs in through WorkUp's login, as its load test does.
async fn workup_user(app: &TestApp, kind: &str, email: &str) -> TestUser {
    let (path, name) = match kind {
        "client" => (
            "/api/v1/users/clients/register",
            json!({"clientName": "Acme"}),
        ),
        _ => (
            "/api/v1/users/freelancers/register",
            json!({"fullName": "Ada"}),
        ),
    };
    let mut body = json!({"email": email, "password": TEST_PASSWORD});
    body.as_object_mut()
        .unwrap()
        .extend(name.as_object().unwrap().clone());
    let res = app.post(path, None, body).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let login = app
        .post(
            "/api/v1/users/login",
            None,
            json!({"email": email, "password": TEST_PASSWORD, "userId": null}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.text);
    TestUser {
        id: login.json["userId"].as_str().unwrap().to_string(),
        email: email.to_string(),
        token: login.json["authToken"].as_str().unwrap().to_string(),
        refresh_token: login.json["refreshToken"].as_str().unwrap().to_string(),
    }
}

fn balance(wallet: &Value) -> f64 {
    wallet["balance"].as_f64().unwrap()
}

#[tokio::test]
async fn the_load_tests_payment_steps_work_unchanged() {
    let app = TestApp::new().await;
    let client = workup_user(&app, "client", "client@example.com").await;
    let freelancer = workup_user(&app, "freelancer", "freelancer@example.com").await;
    // What accepting the milestone will create (contracts branch): a $200 request.
    payment_request(&app, &client, &freelancer, "milestone-1", 20_000).await;

    let list = app
        .get("/api/v1/payments/clients/me/requests", Some(&client.token))
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    let request = &list.json["requests"][0];
    assert_eq!(request["referenceId"], "milestone-1");
    let id = request["id"].as_str().unwrap();

    // The client holds no funds; pay with no body and no Content-Type.
    let pay = Request::post(format!("/api/v1/payments/requests/{id}/pay"))
        .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
        .body(Body::empty())
        .unwrap();
    let paid = app.send(pay).await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    assert_eq!(paid.json["transactionStatus"], "SUCCESS");
    assert_eq!(paid.json["statusCode"], "OK");
    assert_eq!(paid.json["fromEscrow"], false, "the default test card paid");

    // Withdraw 50 as the freelancer, as a number and as a string, with WorkUp's `userId`.
    let uri = "/api/v1/payments/freelancers/me/wallet/withdraw";
    let body = format!(r#"{{"amount": 50, "userId": "{}"}}"#, freelancer.id);
    let res = post_raw(&app, uri, &freelancer.token, None, &body).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["balance"], 130.0, "200 - 10% fee - 50");
    let body = format!(r#"{{"amount": "50", "userId": "{}"}}"#, freelancer.id);
    let res = post_raw(&app, uri, &freelancer.token, None, &body).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["balance"], 80.0);

    let wallet = app
        .get(
            "/api/v1/payments/freelancers/me/wallet",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(wallet.status, 200, "{}", wallet.text);
    assert_eq!(balance(&wallet.json), 80.0);
    assert_eq!(wallet.json["statusCode"], "OK");
    assert_balanced(&app).await;
}

#[tokio::test]
async fn workup_role_rules_hold_on_payment_routes() {
    let app = TestApp::new().await;
    let client = workup_user(&app, "client", "client@example.com").await;
    let freelancer = workup_user(&app, "freelancer", "freelancer@example.com").await;
    let request = payment_request(&app, &client, &freelancer, "milestone-1", 5_000).await;

    for uri in [
        "/api/v1/payments/freelancers/me/requests",
        "/api/v1/payments/freelancers/me/transactions",
        "/api/v1/payments/freelancers/me/wallet",
        "/api/v1/payments/freelancers/me/wallet/transactions",
        "/api/v1/payments/freelancers/me/wallet/transactions/0190a0a0-0000-7000-8000-000000000000",
    ] {
        let res = app.get(uri, Some(&client.token)).await;
        assert_problem(&res, 403, "forbidden");
        assert_eq!(res.json["statusCode"], "FORBIDDEN", "{uri}");
        assert_eq!(
            app.get(uri, Some(&freelancer.token))
                .await
                .status
                .is_client_error(),
            uri.ends_with("0000"),
            "{uri}: the freelancer may (an unknown transaction is a 404)"
        );
    }
    for uri in [
        "/api/v1/payments/clients/me/requests",
        "/api/v1/payments/clients/me/transactions",
    ] {
        assert_problem(
            &app.get(uri, Some(&freelancer.token)).await,
            403,
            "forbidden",
        );
        assert_eq!(app.get(uri, Some(&client.token)).await.status, 200, "{uri}");
    }
    let before = transfer_count(&app).await;
    let res = post_raw(
        &app,
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        &client.token,
        None,
        r#"{"amount": 1}"#,
    )
    .await;
    assert_problem(&res, 403, "forbidden");
    let pay = format!("/api/v1/payments/requests/{}/pay", request.id);
    assert_problem(
        &app.post(&pay, Some(&freelancer.token), json!(null)).await,
        403,
        "forbidden",
    );
    assert_eq!(transfer_count(&app).await, before, "nothing moved");
    let res = app
        .post(&pay, Some(&client.token), json!({"userId": client.id}))
        .await;
    assert_eq!(
        res.status, 200,
        "a body WorkUp sends is ignored: {}",
        res.text
    );
    assert_balanced(&app).await;
}

#[tokio::test]
async fn our_own_routes_keep_refusing_unknown_fields() {
    let app = TestApp::new().await;
    let ann = app
        .register("ann@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let res = app
        .post(
            "/api/v1/wallet/top-ups",
            Some(&ann.token),
            json!({"amount": {"amount": 500, "currency": "USD"},
                   "paymentMethod": "pm_card_visa", "userId": ann.id}),
        )
        .await;
    assert_problem(&res, 400, "validation_failed");
    assert!(res.text.contains("unknown field"), "{}", res.text);
    assert!(res.json.get("statusCode").is_none());
    assert_eq!(transfer_count(&app).await, 0);
}
