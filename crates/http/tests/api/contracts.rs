//! Contracts routes, WorkUp's and ours, over a contract opened through
//! `Contracts::open` (as accepting a proposal does) between a client and a freelancer
//! registered through the API: the lifecycle, funding, the timer, terminations, and a
//! stranger, a wrong role and bad input on every route.

mod access;
mod journey;
mod terminations;

use std::sync::Arc;

use chrono::NaiveDate;
use openlance_accounts::Role;
use openlance_bus::{Bus, InProcessBus, Relay, RelaySettings};
use openlance_contracts::{MilestonePayments, NewContract, NewMilestone};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestResponse, TestUser};
use serde_json::{Value, json};

/// A contract between a registered client and a registered freelancer.
struct Deal {
    client: TestUser,
    freelancer: TestUser,
    contract: String,
    milestones: Vec<String>,
}

/// Registers `<name>-client` and `<name>-freelancer` and opens a contract between them
/// with one milestone per amount (in cents).
async fn deal(app: &TestApp, name: &str, amounts: &[i64]) -> Deal {
    let client = app
        .register(&format!("{name}-client@example.com"), &["CLIENT"])
        .await;
    let freelancer = app
        .register(&format!("{name}-freelancer@example.com"), &["FREELANCER"])
        .await;
    let mut tx = app.state.db.begin().await.unwrap();
    let contract = app
        .state
        .contracts
        .open(
            &mut tx,
            NewContract {
                job_id: format!("job-{name}"),
                job_title: "Design a logo".into(),
                proposal_id: format!("proposal-{name}"),
                client_id: UserId::parse(&client.id).unwrap(),
                freelancer_id: UserId::parse(&freelancer.id).unwrap(),
                milestones: amounts
                    .iter()
                    .enumerate()
                    .map(|(i, cents)| NewMilestone {
                        description: format!("part {}", i + 1),
                        amount: Money::new(*cents, Currency::USD),
                        due_date: NaiveDate::from_ymd_opt(2030, 6, 30).unwrap(),
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let res = app
        .get(
            &format!("/api/v1/contracts/{contract}"),
            Some(&client.token),
        )
        .await;
    let milestones = res.json["milestonesIds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    Deal {
        client,
        freelancer,
        contract: contract.to_string(),
        milestones,
    }
}

/// Delivers what the outbox holds to the contracts consumer (what `serve`'s relay does).
pub(crate) async fn relay(app: &TestApp) {
    let bus = Arc::new(InProcessBus::new(app.state.db.clone(), app.clock.clone()));
    bus.subscribe(Arc::new(MilestonePayments(app.state.contracts.clone())));
    let relay = Relay::new(
        app.state.db.clone(),
        bus as Arc<dyn Bus>,
        app.clock.clone(),
        RelaySettings::default(),
    );
    while relay.run_once().await.unwrap() > 0 {}
}

/// Signs `user` in again (after the test clock outran their access token).
pub(crate) async fn sign_in_again(app: &TestApp, user: &mut TestUser) {
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

/// An admin, created the way `openlance admin` does, signed in.
async fn admin(app: &TestApp) -> String {
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
    login.json["accessToken"].as_str().unwrap().to_string()
}

fn milestone_uri(id: &str, action: &str) -> String {
    format!("/api/v1/contracts/milestones/{id}/{action}")
}

async fn progress(app: &TestApp, d: &Deal, m: &str) -> TestResponse {
    app.post(
        &milestone_uri(m, "progress"),
        Some(&d.freelancer.token),
        json!({"userId": d.freelancer.id, "milestoneId": m}),
    )
    .await
}

async fn evaluate(app: &TestApp, d: &Deal, m: &str, body: Value) -> TestResponse {
    app.post(&milestone_uri(m, "evaluate"), Some(&d.client.token), body)
        .await
}

async fn milestone_status(app: &TestApp, d: &Deal, m: &str) -> String {
    let res = app
        .get(
            &format!("/api/v1/contracts/milestones/{m}"),
            Some(&d.client.token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["status"].as_str().unwrap().to_string()
}

/// The caller's wallet balance in USD: (available, in escrow), in cents.
async fn wallet(app: &TestApp, token: &str) -> (i64, i64) {
    let res = app.get("/api/v1/wallet", Some(token)).await;
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
