//! WorkUp's load-test journey, step by step through WorkUp's routes only, as its clients send
//! it (extra `userId` fields, no body on accept and pay): register a client and a freelancer,
//! log both in, post a job with only a title and description, read it as the freelancer,
//! propose with one milestone, accept, read the contract, progress twice, evaluate ACCEPTED,
//! pay the client's first payment request with no funds held (the test card is charged),
//! withdraw 50, read the wallet. Then the paid event marks the milestone PAID and the
//! contract COMPLETED, and the ledger balances.

use axum::body::Body;
use axum::http::{Method, Request, header};
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestResponse};
use serde_json::{Value, json};

async fn post(app: &TestApp, uri: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
    app.call(Method::POST, uri, token, body).await
}

/// A POST with no body and no Content-Type, as WorkUp's clients send accept and pay.
pub(crate) async fn bare_post(app: &TestApp, uri: &str, token: &str) -> TestResponse {
    let req = Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    app.send(req).await
}

async fn login(app: &TestApp, email: &str) -> String {
    let res = post(
        app,
        "/api/v1/users/login",
        None,
        Some(json!({"email": email, "password": TEST_PASSWORD})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["authToken"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn workups_load_test_journey_runs_unchanged() {
    let app = TestApp::new().await;
    let res = post(
        &app,
        "/api/v1/users/clients/register",
        None,
        Some(
            json!({"email": "client@example.com", "password": TEST_PASSWORD, "clientName": "Acme"}),
        ),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = post(
        &app,
        "/api/v1/users/freelancers/register",
        None,
        Some(json!({"email": "free@example.com", "password": TEST_PASSWORD, "fullName": "Grace"})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let client = login(&app, "client@example.com").await;
    let freelancer = login(&app, "free@example.com").await;

    let res = post(
        &app,
        "/api/v1/jobs",
        Some(&client),
        Some(json!({"title": "Landing page", "description": "A one-page site", "userId": "x"})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let job = res.json["jobId"].as_str().unwrap().to_string();
    let res = app
        .get(&format!("/api/v1/jobs/{job}"), Some(&freelancer))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["title"], "Landing page");

    let due =
        (openlance_core::Clock::now(&*app.clock).date_naive() + chrono::Days::new(14)).to_string();
    let res = post(
        &app,
        &format!("/api/v1/jobs/{job}/proposals"),
        Some(&freelancer),
        Some(
            json!({"coverLetter": "Happy to", "jobDuration": "LESS_THAN_A_MONTH", "userId": "x",
            "milestones": [{"description": "The page", "amount": 100, "dueDate": due}]}),
        ),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let proposal = res.json["id"].as_str().unwrap().to_string();

    let res = bare_post(
        &app,
        &format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"),
        &client,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let contract = res.json["contractId"].as_str().unwrap().to_string();
    let res = app
        .get(&format!("/api/v1/contracts/{contract}"), Some(&client))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let milestone = res.json["milestonesIds"][0].as_str().unwrap().to_string();

    for expected in ["IN_PROGRESS", "IN_REVIEW"] {
        let res = post(
            &app,
            &format!("/api/v1/contracts/milestones/{milestone}/progress"),
            Some(&freelancer),
            Some(json!({})),
        )
        .await;
        assert_eq!(res.status, 200, "{}", res.text);
        let res = app
            .get(
                &format!("/api/v1/contracts/milestones/{milestone}"),
                Some(&freelancer),
            )
            .await;
        assert_eq!(res.json["status"], expected, "{}", res.text);
    }
    let res = post(
        &app,
        &format!("/api/v1/contracts/milestones/{milestone}/evaluate"),
        Some(&client),
        Some(json!({"evaluatedState": "ACCEPTED"})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let res = app
        .get("/api/v1/payments/clients/me/requests", Some(&client))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let request = res.json["requests"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(res.json["requests"][0]["referenceId"], milestone.as_str());
    let res = bare_post(
        &app,
        &format!("/api/v1/payments/requests/{request}/pay"),
        &client,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let res = post(
        &app,
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        Some(&freelancer),
        Some(json!({"amount": 50})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = app
        .get("/api/v1/payments/freelancers/me/wallet", Some(&freelancer))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.json["balance"], 40.0,
        "100 - 10% fee - 50: {}",
        res.text
    );

    // The paid event reaches the contracts context: the milestone is PAID, the contract done.
    super::contracts::relay(&app).await;
    let res = app
        .get(
            &format!("/api/v1/contracts/milestones/{milestone}"),
            Some(&client),
        )
        .await;
    assert_eq!(res.json["status"], "PAID", "{}", res.text);
    let res = app
        .get(&format!("/api/v1/contracts/{contract}"), Some(&client))
        .await;
    assert_eq!(res.json["status"], "COMPLETED", "{}", res.text);
    let report = app.state.payments.check_ledger().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
