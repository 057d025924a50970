//! Jobs and proposals routes: WorkUp's shapes, our own routes, a stranger on every route,
//! bad input, and accepting (with a test contract opener) alone and concurrently.

mod accept;
mod own_routes;
mod strangers;
mod workup_routes;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use openlance_http::testing::{TestApp, TestResponse, TestUser};
use openlance_jobs::{AcceptedProposal, ContractOpener};
use openlance_storage::Tx;
use serde_json::{Value, json};

/// Inserts nothing; counts the contracts it was asked to open.
#[derive(Default)]
pub struct TestOpener(pub AtomicUsize);

#[async_trait]
impl ContractOpener for TestOpener {
    async fn open_contract(
        &self,
        _tx: &mut Tx,
        accepted: &AcceptedProposal,
    ) -> openlance_core::Result<String> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(format!("contract-for-{}", accepted.proposal_id))
    }
}

/// An app whose accepts open contracts through `opener`.
pub async fn app_with(opener: Arc<TestOpener>) -> TestApp {
    TestApp::with_parts(|p| p.contract_opener = Some(opener)).await
}

pub async fn client(app: &TestApp, name: &str) -> TestUser {
    app.register(&format!("{name}@example.com"), &["CLIENT"])
        .await
}

pub async fn freelancer(app: &TestApp, name: &str) -> TestUser {
    app.register(&format!("{name}@example.com"), &["FREELANCER"])
        .await
}

/// Posts a job through WorkUp's route; returns its id.
pub async fn post_job(app: &TestApp, client: &TestUser, body: Value) -> String {
    let res = app.post("/api/v1/jobs", Some(&client.token), body).await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json["jobId"].as_str().unwrap().to_string()
}

/// A due date `days` from the test clock's today.
pub fn due(app: &TestApp, days: u64) -> String {
    let today = openlance_core::Clock::now(&*app.clock).date_naive();
    (today + chrono::Days::new(days)).to_string()
}

/// Proposes through WorkUp's route with the given milestone amounts; returns its id.
pub async fn propose(app: &TestApp, freelancer: &TestUser, job: &str, amounts: &[Value]) -> String {
    let milestones: Vec<Value> = amounts
        .iter()
        .enumerate()
        .map(|(i, a)| json!({"description": format!("part {}", i + 1), "amount": a, "dueDate": due(app, 7 * (i as u64 + 1))}))
        .collect();
    let res = app
        .post(
            &format!("/api/v1/jobs/{job}/proposals"),
            Some(&freelancer.token),
            json!({"coverLetter": "I can do it", "jobDuration": "LESS_THAN_A_MONTH", "milestones": milestones}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.json["id"].as_str().unwrap().to_string()
}

pub fn assert_problem(res: &TestResponse, status: u16, code: &str) {
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
