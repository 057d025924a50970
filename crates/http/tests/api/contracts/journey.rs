//! The milestone lifecycle through WorkUp's routes (with our history beside them), and
//! a funded milestone auto-accepted by the review timer and paid from its escrow.

use chrono::Duration;
use serde_json::json;

use super::{
    Deal, assert_ledger_balanced, deal, evaluate, milestone_status, milestone_uri, progress, relay,
    sign_in_again, wallet,
};
use openlance_core::Clock;
use openlance_http::testing::TestApp;

async fn pay_first_request(app: &TestApp, d: &Deal) -> serde_json::Value {
    let requests = app
        .get(
            "/api/v1/payments/clients/me/requests",
            Some(&d.client.token),
        )
        .await;
    assert_eq!(requests.status, 200, "{}", requests.text);
    let id = requests.json["requests"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let paid = app
        .call(
            axum::http::Method::POST,
            &format!("/api/v1/payments/requests/{id}/pay"),
            Some(&d.client.token),
            None,
        )
        .await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    paid.json
}

#[tokio::test]
async fn workups_journey_works_a_milestone_through_review_to_payment() {
    let app = TestApp::new().await;
    let d = deal(&app, "ann", &[5_000]).await;
    let m = d.milestones[0].clone();

    let contract = app
        .get(
            &format!("/api/v1/contracts/{}", d.contract),
            Some(&d.freelancer.token),
        )
        .await;
    assert_eq!(contract.status, 200, "{}", contract.text);
    assert_eq!(
        contract.json,
        json!({"contractId": d.contract, "jobTitle": "Design a logo", "jobId": "job-ann",
            "proposalId": "proposal-ann", "freelancerId": d.freelancer.id,
            "clientId": d.client.id, "milestonesIds": [m], "status": "ACTIVE",
            "statusCode": "OK", "errorMessage": null})
    );
    let milestones = app
        .get(
            &format!("/api/v1/contracts/{}/milestones", d.contract),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(
        milestones.json["contractMilestones"],
        json!([{"milestoneId": m, "contractId": d.contract, "description": "part 1",
            "dueDate": "2030-06-30", "amount": 50.0, "status": "OPEN"}])
    );

    assert_eq!(progress(&app, &d, &m).await.json["status"], "IN_PROGRESS");
    assert_eq!(progress(&app, &d, &m).await.json["status"], "IN_REVIEW");
    let third = progress(&app, &d, &m).await;
    assert_eq!(
        (third.status.as_u16(), third.code()),
        (409, "invalid_transition")
    );
    assert_eq!(third.json["statusCode"], "CONFLICT");

    let changes = evaluate(
        &app,
        &d,
        &m,
        json!({"evaluatedState": "IN_PROGRESS", "message": "a darker blue", "userId": d.client.id}),
    )
    .await;
    assert_eq!(changes.status, 200, "{}", changes.text);
    assert_eq!(changes.json["status"], "IN_PROGRESS");
    let none = app
        .get(
            "/api/v1/payments/clients/me/requests",
            Some(&d.client.token),
        )
        .await;
    assert_eq!(
        none.json["requests"],
        json!([]),
        "no request before acceptance"
    );
    progress(&app, &d, &m).await;
    let accepted = evaluate(&app, &d, &m, json!({"evaluatedState": "ACCEPTED"})).await;
    assert_eq!(accepted.json["status"], "ACCEPTED", "{}", accepted.text);

    let paid = pay_first_request(&app, &d).await;
    assert_eq!(
        (paid["amount"].as_f64(), paid["fromEscrow"].as_bool()),
        (Some(50.0), Some(false))
    );
    relay(&app).await;
    assert_eq!(milestone_status(&app, &d, &m).await, "PAID");
    let contract = app
        .get(
            &format!("/api/v1/contracts/{}", d.contract),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(contract.json["status"], "COMPLETED");
    assert_eq!(wallet(&app, &d.freelancer.token).await, (4_500, 0));

    let history = app
        .get(
            &format!("/api/v1/contracts/{}/history", d.contract),
            Some(&d.freelancer.token),
        )
        .await;
    assert_eq!(history.status, 200, "{}", history.text);
    let steps: Vec<_> = history.json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["subject"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            "milestone:IN_PROGRESS",
            "milestone:IN_REVIEW",
            "milestone:IN_PROGRESS",
            "milestone:IN_REVIEW",
            "milestone:ACCEPTED",
            "milestone:PAID",
            "contract:COMPLETED"
        ]
    );
    assert_eq!(history.json["history"][2]["message"], "a darker blue");
    assert_eq!(history.json["history"][2]["actorId"], d.client.id.as_str());
    let listed = app
        .get(
            "/api/v1/contracts?role=freelancer&status=COMPLETED",
            Some(&d.freelancer.token),
        )
        .await;
    assert_eq!(
        listed.json["items"][0]["id"],
        d.contract.as_str(),
        "{}",
        listed.text
    );
    let as_client = app
        .get("/api/v1/contracts?role=client", Some(&d.freelancer.token))
        .await;
    assert_eq!(as_client.json["items"], json!([]));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_funded_milestone_left_in_review_is_accepted_by_the_timer_and_paid_from_escrow() {
    let app = TestApp::new().await;
    let mut d = deal(&app, "bea", &[2_000, 8_000]).await;
    let (m1, m2) = (d.milestones[0].clone(), d.milestones[1].clone());

    let fund = |key: &'static str| {
        let req = axum::http::Request::post(milestone_uri(&m2, "fund"))
            .header("Authorization", format!("Bearer {}", d.client.token))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .body(axum::body::Body::from("{}"))
            .unwrap();
        app.send(req)
    };
    let funded = fund("fund-m2").await;
    assert_eq!(funded.status, 200, "{}", funded.text);
    assert_eq!(
        funded.json["funded"],
        json!({"amount": 8_000, "currency": "USD"})
    );
    let replay = fund("fund-m2").await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.headers["Idempotent-Replayed"], "true");
    assert_eq!(
        wallet(&app, &d.client.token).await,
        (0, 8_000),
        "charged once"
    );
    let twice = fund("another-key").await;
    assert_eq!(
        (twice.status.as_u16(), twice.code()),
        (409, "milestone_funded")
    );

    // Milestone 1: accepted and paid by card. Milestone 2: left in review.
    progress(&app, &d, &m1).await;
    progress(&app, &d, &m1).await;
    evaluate(&app, &d, &m1, json!({"evaluatedState": "ACCEPTED"})).await;
    pay_first_request(&app, &d).await;
    progress(&app, &d, &m2).await;
    progress(&app, &d, &m2).await;
    app.clock.advance(Duration::days(14) - Duration::seconds(1));
    assert_eq!(
        app.state
            .contracts
            .run_timers_once(app.clock.now())
            .await
            .unwrap(),
        0
    );
    app.clock.advance(Duration::seconds(1));
    assert_eq!(
        app.state
            .contracts
            .run_timers_once(app.clock.now())
            .await
            .unwrap(),
        1
    );
    // Fourteen days later the access tokens have expired.
    sign_in_again(&app, &mut d.client).await;
    sign_in_again(&app, &mut d.freelancer).await;
    assert_eq!(milestone_status(&app, &d, &m2).await, "ACCEPTED");

    let requests = app
        .get(
            "/api/v1/payments/clients/me/requests",
            Some(&d.client.token),
        )
        .await;
    let pending: Vec<_> = requests.json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "PENDING")
        .collect();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["milestoneId"], m2.as_str());
    let id = pending[0]["id"].as_str().unwrap();
    let paid = app
        .call(
            axum::http::Method::POST,
            &format!("/api/v1/payments/requests/{id}/pay"),
            Some(&d.client.token),
            None,
        )
        .await;
    assert_eq!(paid.json["fromEscrow"], true, "{}", paid.text);
    relay(&app).await;
    let contract = app
        .get(
            &format!("/api/v1/contracts/{}", d.contract),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(contract.json["status"], "COMPLETED");
    assert_eq!(
        wallet(&app, &d.freelancer.token).await,
        (9_000, 0),
        "both minus 10%"
    );
    assert_eq!(wallet(&app, &d.client.token).await, (0, 0));
    assert_ledger_balanced(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_evaluations_exactly_one_accepts() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let d = std::sync::Arc::new(deal(&app, "cat", &[1_000]).await);
    let m = d.milestones[0].clone();
    progress(&app, &d, &m).await;
    progress(&app, &d, &m).await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (app, d, m) = (app.clone(), d.clone(), m.clone());
            let state = if i % 2 == 0 {
                "ACCEPTED"
            } else {
                "IN_PROGRESS"
            };
            tokio::spawn(async move {
                evaluate(&app, &d, &m, json!({"evaluatedState": state}))
                    .await
                    .status
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let requests = app
        .get(
            "/api/v1/payments/clients/me/requests",
            Some(&d.client.token),
        )
        .await;
    let status = milestone_status(&app, &d, &m).await;
    let expected = usize::from(status == "ACCEPTED");
    assert_eq!(
        requests.json["requests"].as_array().unwrap().len(),
        expected
    );
}
