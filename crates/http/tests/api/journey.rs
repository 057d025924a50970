//! The whole journey of issue 13 through Openlance's own routes wherever they exist (our
//! register, search, funding, wallet, withdrawals and history; WorkUp's routes where only
//! WorkUp has one: posting, proposing, accepting, progress, evaluate, pay): a client posts
//! a job, a freelancer finds it by a stemmed keyword and by skills, proposes two milestones,
//! revises the proposal, is hired; milestone 1 goes through a change request to acceptance
//! and is paid by card; milestone 2 is funded into escrow up front, submitted, accepted by
//! the review timer after 14 days and paid from escrow; the relay marks both PAID and the
//! contract COMPLETED; the freelancer holds both amounts minus the 10% fee and withdraws
//! part; the history lists every move in order and the ledger balances.

use axum::body::Body;
use axum::http::{Request, header};
use chrono::Duration;
use openlance_core::Clock;
use openlance_http::testing::{TestApp, TestResponse, TestUser};
use serde_json::{Value, json};

use super::contracts::{relay, sign_in_again};
use super::workup_journey::bare_post;

/// One step of a milestone (`progress` or `evaluate`); asserts 200 and returns its state.
async fn step(app: &TestApp, user: &TestUser, m: &str, action: &str, body: Value) -> String {
    let res = app
        .post(
            &format!("/api/v1/contracts/milestones/{m}/{action}"),
            Some(&user.token),
            body,
        )
        .await;
    assert_eq!(res.status, 200, "{action}: {}", res.text);
    res.json["status"].as_str().unwrap().to_string()
}

async fn milestone_status(app: &TestApp, user: &TestUser, m: &str) -> String {
    let res = app
        .get(
            &format!("/api/v1/contracts/milestones/{m}"),
            Some(&user.token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["status"].as_str().unwrap().to_string()
}

/// The caller's USD wallet through our route: (available, in escrow), in cents.
async fn wallet(app: &TestApp, user: &TestUser) -> (i64, i64) {
    let res = app.get("/api/v1/wallet", Some(&user.token)).await;
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

/// The client's payment requests (WorkUp's list; we have no own route for it).
async fn client_requests(app: &TestApp, client: &TestUser) -> Vec<Value> {
    let res = app
        .get("/api/v1/payments/clients/me/requests", Some(&client.token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    res.json["requests"].as_array().unwrap().clone()
}

fn ids(page: &TestResponse) -> Vec<String> {
    assert_eq!(page.status, 200, "{}", page.text);
    page.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap().to_string())
        .collect()
}

fn milestones(app: &TestApp, amounts: [u64; 2]) -> Value {
    let today = app.clock.now().date_naive();
    json!([
        {"description": "Design", "amount": amounts[0], "dueDate": (today + chrono::Days::new(7)).to_string()},
        {"description": "Build", "amount": amounts[1], "dueDate": (today + chrono::Days::new(30)).to_string()},
    ])
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one journey, step by step, reads best in one place"
)]
async fn the_whole_journey_from_job_to_withdrawal() {
    let app = TestApp::new().await;
    let mut client = app.register("client@example.com", &["CLIENT"]).await;
    let mut freelancer = app.register("free@example.com", &["FREELANCER"]).await;

    // The client posts a job with skills, and two others the searches must not find.
    let post = |body: Value| {
        let token = client.token.clone();
        let app = &app;
        async move {
            let res = app.post("/api/v1/jobs", Some(&token), body).await;
            assert_eq!(res.status, 201, "{}", res.text);
            res.json["jobId"].as_str().unwrap().to_string()
        }
    };
    let job = post(json!({"title": "Bakery website", "description": "Designing a small shop for a bakery",
        "skills": ["HTML", "CSS"], "budget": 200, "experience": "INTERMEDIATE", "duration": "LESS_THAN_A_MONTH"}))
    .await;
    post(
        json!({"title": "Wedding photos", "description": "Photos of a wedding", "skills": ["CSS"]}),
    )
    .await;
    post(json!({"title": "Logo", "description": "A logo for a florist", "skills": ["HTML", "Illustrator"]})).await;

    // The freelancer finds it by a stemmed keyword and by a skill filter (our search).
    let by_word = app
        .get("/api/v1/jobs?q=designs", Some(&freelancer.token))
        .await;
    assert_eq!(ids(&by_word), [job.as_str()]);
    assert_eq!(
        by_word.json["items"][0]["budget"],
        json!({"amount": 20_000, "currency": "USD"})
    );
    let by_skills = app
        .get("/api/v1/jobs?skills=css,html", Some(&freelancer.token))
        .await;
    assert_eq!(ids(&by_skills), [job.as_str()]);
    let both = app
        .get("/api/v1/jobs?q=bakery&skills=html", Some(&freelancer.token))
        .await;
    assert_eq!(ids(&both), [job.as_str()]);

    // Proposes with two milestones, then revises them while PENDING.
    let res = app
        .post(&format!("/api/v1/jobs/{job}/proposals"), Some(&freelancer.token),
            json!({"coverLetter": "I bake websites", "jobDuration": "LESS_THAN_A_MONTH", "milestones": milestones(&app, [100, 50])}))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let proposal = res.json["id"].as_str().unwrap().to_string();
    let res = app
        .put(&format!("/api/v1/proposals/{proposal}"), Some(&freelancer.token),
            json!({"coverLetter": "I bake fast websites", "jobDuration": "LESS_THAN_A_MONTH", "milestones": milestones(&app, [120, 80])}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        (
            res.json["status"].clone(),
            res.json["coverLetter"].clone(),
            res.json["milestones"][0]["amount"].clone(),
            res.json["milestones"][1]["amount"].clone(),
        ),
        (
            json!("PENDING"),
            json!("I bake fast websites"),
            json!(120.0),
            json!(80.0)
        )
    );

    // The client accepts: the job is filled, the contract ACTIVE with two OPEN milestones.
    let res = bare_post(
        &app,
        &format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"),
        &client.token,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["proposal"]["status"], "ACCEPTED");
    let contract = res.json["contractId"].as_str().unwrap().to_string();
    assert_eq!(
        ids(&app.get("/api/v1/jobs?q=designs", None).await),
        Vec::<String>::new(),
        "a filled job is no longer found"
    );
    let res = app
        .get(
            &format!("/api/v1/contracts/{contract}/milestones"),
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let listed = res.json["contractMilestones"].as_array().unwrap();
    let summary: Vec<_> = listed
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
        summary,
        [
            (json!("Design"), json!(120.0), json!("OPEN")),
            (json!("Build"), json!(80.0), json!("OPEN"))
        ]
    );
    let m1 = listed[0]["milestoneId"].as_str().unwrap().to_string();
    let m2 = listed[1]["milestoneId"].as_str().unwrap().to_string();

    // Milestone 1: submitted, sent back with a message, submitted again, accepted.
    let progress = json!({});
    assert_eq!(
        step(&app, &freelancer, &m1, "progress", progress.clone()).await,
        "IN_PROGRESS"
    );
    assert_eq!(
        step(&app, &freelancer, &m1, "progress", progress.clone()).await,
        "IN_REVIEW"
    );
    let changes = json!({"evaluatedState": "IN_PROGRESS", "message": "Warmer colours, please"});
    assert_eq!(
        step(&app, &client, &m1, "evaluate", changes).await,
        "IN_PROGRESS"
    );
    assert!(
        client_requests(&app, &client).await.is_empty(),
        "nothing to pay yet"
    );
    assert_eq!(
        step(&app, &freelancer, &m1, "progress", progress.clone()).await,
        "IN_REVIEW"
    );
    let accept = json!({"evaluatedState": "ACCEPTED"});
    assert_eq!(
        step(&app, &client, &m1, "evaluate", accept).await,
        "ACCEPTED"
    );

    // The client pays its payment request by card.
    let requests = client_requests(&app, &client).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (
            requests[0]["milestoneId"].clone(),
            requests[0]["status"].clone()
        ),
        (json!(m1), json!("PENDING"))
    );
    let paid = bare_post(
        &app,
        &format!(
            "/api/v1/payments/requests/{}/pay",
            requests[0]["id"].as_str().unwrap()
        ),
        &client.token,
    )
    .await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    assert_eq!(
        (
            paid.json["amount"].as_f64(),
            paid.json["fromEscrow"].as_bool()
        ),
        (Some(120.0), Some(false))
    );
    assert_eq!(
        wallet(&app, &freelancer).await,
        (10_800, 0),
        "120 minus 10%"
    );

    // Milestone 2: funded up front by card into escrow, once for a retried key.
    let fund = |key: &'static str| {
        let req = Request::post(format!("/api/v1/contracts/milestones/{m2}/fund"))
            .header(header::AUTHORIZATION, format!("Bearer {}", client.token))
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", key)
            .body(Body::from(r#"{"paymentMethod": "pm_card_visa"}"#))
            .unwrap();
        app.send(req)
    };
    let funded = fund("fund-build").await;
    assert_eq!(funded.status, 200, "{}", funded.text);
    assert_eq!(
        (funded.json["status"].clone(), funded.json["funded"].clone()),
        (json!("OPEN"), json!({"amount": 8_000, "currency": "USD"}))
    );
    let replay = fund("fund-build").await;
    assert_eq!(replay.status, 200, "{}", replay.text);
    assert_eq!(replay.headers["Idempotent-Replayed"], "true");
    assert_eq!(
        wallet(&app, &client).await,
        (0, 8_000),
        "charged once, held in escrow"
    );

    // Submitted, then left in review: the timer accepts it after 14 days, not before.
    assert_eq!(
        step(&app, &freelancer, &m2, "progress", progress.clone()).await,
        "IN_PROGRESS"
    );
    assert_eq!(
        step(&app, &freelancer, &m2, "progress", progress).await,
        "IN_REVIEW"
    );
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
    sign_in_again(&app, &mut client).await;
    sign_in_again(&app, &mut freelancer).await;
    assert_eq!(milestone_status(&app, &freelancer, &m2).await, "ACCEPTED");

    // Its payment request is paid from the escrow: no new card charge.
    let requests = client_requests(&app, &client).await;
    let pending: Vec<_> = requests
        .iter()
        .filter(|r| r["status"] == "PENDING")
        .collect();
    assert_eq!(pending.len(), 1, "{requests:?}");
    assert_eq!(pending[0]["milestoneId"], m2.as_str());
    let paid = bare_post(
        &app,
        &format!(
            "/api/v1/payments/requests/{}/pay",
            pending[0]["id"].as_str().unwrap()
        ),
        &client.token,
    )
    .await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    assert_eq!(
        (
            paid.json["amount"].as_f64(),
            paid.json["fromEscrow"].as_bool()
        ),
        (Some(80.0), Some(true))
    );
    assert_eq!(wallet(&app, &client).await, (0, 0), "the escrow is spent");

    // The relay delivers the paid events: both milestones PAID, the contract COMPLETED.
    relay(&app).await;
    assert_eq!(milestone_status(&app, &client, &m1).await, "PAID");
    assert_eq!(milestone_status(&app, &client, &m2).await, "PAID");
    let res = app
        .get(
            &format!("/api/v1/contracts/{contract}"),
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(res.json["status"], "COMPLETED", "{}", res.text);
    let done = app
        .get(
            "/api/v1/contracts?role=freelancer&status=COMPLETED",
            Some(&freelancer.token),
        )
        .await;
    assert_eq!(ids(&done), [contract.as_str()]);

    // Both amounts minus the 10% fee, exactly; then the freelancer withdraws part.
    assert_eq!(
        wallet(&app, &freelancer).await,
        (18_000, 0),
        "(12000 + 8000) * 0.9"
    );
    let res = app
        .post(
            "/api/v1/wallet/withdrawals",
            Some(&freelancer.token),
            json!({"amount": {"amount": 5_000, "currency": "USD"}}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(
        res.json["balance"],
        json!({"amount": 13_000, "currency": "USD"})
    );
    assert_eq!(wallet(&app, &freelancer).await, (13_000, 0));
    let res = app
        .get("/api/v1/wallet/transactions", Some(&freelancer.token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let moves: Vec<_> = res.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {} {}",
                t["kind"].as_str().unwrap(),
                t["direction"].as_str().unwrap(),
                t["amount"]["amount"]
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            "withdrawal DEBIT 5000",
            "platform_fee DEBIT 800",
            "payment CREDIT 8000",
            "platform_fee DEBIT 1200",
            "payment CREDIT 12000",
        ],
        "newest first"
    );
    assert_eq!(
        res.json["items"][2]["counterparty"]["kind"],
        "milestone_escrow"
    );

    // The contract's history lists every move, oldest first, with who and why.
    let res = app
        .get(
            &format!("/api/v1/contracts/{contract}/history"),
            Some(&client.token),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let history = res.json["history"].as_array().unwrap();
    let mut steps: Vec<_> = history
        .iter()
        .map(|e| {
            let subject = e["subject"].as_str().unwrap();
            let which = match e["subjectId"].as_str().unwrap() {
                id if id == m1 => "m1",
                id if id == m2 => "m2",
                id if id == contract => "contract",
                other => panic!("a stranger in the history: {other}"),
            };
            format!(
                "{subject} {which}: {} -> {}",
                e["from"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    // The two payments are events of two subjects, which the relay publishes side by side:
    // their PAID moves may come in either order (each milestone's own moves never do).
    steps[8..10].sort();
    assert_eq!(
        steps,
        [
            "milestone m1: OPEN -> IN_PROGRESS",
            "milestone m1: IN_PROGRESS -> IN_REVIEW",
            "milestone m1: IN_REVIEW -> IN_PROGRESS",
            "milestone m1: IN_PROGRESS -> IN_REVIEW",
            "milestone m1: IN_REVIEW -> ACCEPTED",
            "milestone m2: OPEN -> IN_PROGRESS",
            "milestone m2: IN_PROGRESS -> IN_REVIEW",
            "milestone m2: IN_REVIEW -> ACCEPTED",
            "milestone m1: ACCEPTED -> PAID",
            "milestone m2: ACCEPTED -> PAID",
            "contract contract: ACTIVE -> COMPLETED",
        ]
    );
    assert_eq!(
        (history[2]["actorId"].clone(), history[2]["message"].clone()),
        (json!(client.id), json!("Warmer colours, please"))
    );
    assert_eq!(history[0]["actorId"], json!(freelancer.id));
    assert_eq!(history[7]["actorId"], json!(null), "the timer accepted it");

    // A stranger sees none of it.
    let stranger = app
        .register("stranger@example.com", &["CLIENT", "FREELANCER"])
        .await;
    for uri in [
        format!("/api/v1/contracts/{contract}/history"),
        format!("/api/v1/contracts/{contract}"),
        format!("/api/v1/contracts/milestones/{m1}"),
    ] {
        let res = app.get(&uri, Some(&stranger.token)).await;
        assert_eq!(res.status, 404, "{uri}: {}", res.text);
    }

    let report = app.state.payments.check_ledger().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
