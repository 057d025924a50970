//! Accepting over HTTP: the contract opened through the contracts context, idempotent replays, and
//! many concurrent accepts on one job.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{Request, header};
use openlance_http::testing::TestApp;
use serde_json::json;

use super::{TestOpener, app_with, assert_problem, client, freelancer, post_job, propose};

fn accept_request(job: &str, proposal: &str, token: &str, key: Option<&str>) -> Request<Body> {
    let mut req = Request::post(format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn accepting_opens_the_contract_with_the_proposed_milestones_in_order() {
    let app = TestApp::new().await;
    let (c, f) = (client(&app, "client").await, freelancer(&app, "free").await);
    let job = post_job(&app, &c, json!({"title": "Logo", "description": "A logo"})).await;
    let proposal = propose(&app, &f, &job, &[json!(10), json!("25.5")]).await;
    let res = app
        .send(accept_request(&job, &proposal, &c.token, None))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["job"]["active"], false);
    assert_eq!(res.json["proposal"]["status"], "ACCEPTED");
    let contract_id = res.json["contractId"].as_str().unwrap().to_string();

    // The contract exists in the same response's transaction: both parties read it at once.
    let contract = app
        .get(&format!("/api/v1/contracts/{contract_id}"), Some(&f.token))
        .await;
    assert_eq!(contract.status, 200, "{}", contract.text);
    assert_eq!(contract.json["jobId"], job.as_str());
    assert_eq!(contract.json["proposalId"], proposal.as_str());
    assert_eq!(contract.json["clientId"], c.id.as_str());
    assert_eq!(contract.json["freelancerId"], f.id.as_str());
    assert_eq!(contract.json["jobTitle"], "Logo");
    assert_eq!(contract.json["status"], "ACTIVE");
    let milestones = app
        .get(
            &format!("/api/v1/contracts/{contract_id}/milestones"),
            Some(&c.token),
        )
        .await;
    assert_eq!(milestones.status, 200, "{}", milestones.text);
    let list = milestones.json["contractMilestones"].as_array().unwrap();
    let shown: Vec<_> = list
        .iter()
        .map(|m| {
            (
                m["description"].clone(),
                m["amount"].clone(),
                m["status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            (json!("part 1"), json!(10.0), json!("OPEN")),
            (json!("part 2"), json!(25.5), json!("OPEN")),
        ]
    );
    let stranger = freelancer(&app, "eve").await;
    let res = app
        .get(
            &format!("/api/v1/contracts/{contract_id}"),
            Some(&stranger.token),
        )
        .await;
    assert_eq!(res.status, 404);
}

#[tokio::test]
async fn a_keyed_accept_replays_and_a_second_accept_is_a_409() {
    let opener = Arc::new(TestOpener::default());
    let app = app_with(opener.clone()).await;
    let (c, f, g) = (
        client(&app, "client").await,
        freelancer(&app, "f").await,
        freelancer(&app, "g").await,
    );
    let job = post_job(&app, &c, json!({"title": "Logo", "description": "A logo"})).await;
    let p1 = propose(&app, &f, &job, &[json!(10), json!("20")]).await;
    let p2 = propose(&app, &g, &job, &[json!(10)]).await;
    let first = app
        .send(accept_request(&job, &p1, &c.token, Some("accept-1")))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let replay = app
        .send(accept_request(&job, &p1, &c.token, Some("accept-1")))
        .await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.headers.get("idempotent-replayed").unwrap(), "true");
    assert_eq!(replay.json["contractId"], first.json["contractId"]);
    assert_eq!(opener.0.load(Ordering::SeqCst), 1);
    let second = app.send(accept_request(&job, &p2, &c.token, None)).await;
    assert_problem(&second, 409, "job_not_open");
    let res = app
        .get(&format!("/api/v1/proposals/{p2}"), Some(&g.token))
        .await;
    assert_eq!(res.json["status"], "REJECTED");
}

#[tokio::test]
async fn of_many_concurrent_accepts_exactly_one_opens_a_contract() {
    let opener = Arc::new(TestOpener::default());
    let app = Arc::new(app_with(opener.clone()).await);
    let c = client(&app, "client").await;
    let job = post_job(&app, &c, json!({"title": "Logo", "description": "A logo"})).await;
    let mut proposals = Vec::new();
    for i in 0..5 {
        let f = freelancer(&app, &format!("f{i}")).await;
        proposals.push(propose(&app, &f, &job, &[json!(10)]).await);
    }
    let mut tasks = Vec::new();
    for p in proposals.iter().chain(proposals.iter()) {
        let (app, job, p, token) = (app.clone(), job.clone(), p.clone(), c.token.clone());
        tasks.push(tokio::spawn(async move {
            app.send(accept_request(&job, &p, &token, None)).await
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap().status.as_u16());
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
    assert_eq!(opener.0.load(Ordering::SeqCst), 1);
    let res = app
        .get(&format!("/api/v1/jobs/{job}/proposals"), Some(&c.token))
        .await;
    let accepted = res.json["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "ACCEPTED")
        .count();
    assert_eq!(accepted, 1);
}
