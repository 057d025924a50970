//! The money routes with a slow, hanging or dying payment provider: nothing else waits
//! for the provider, a concurrent request with the same Idempotency-Key gets a 409, a
//! claim left behind by a dead request is taken over after the lock timeout, a 202
//! pending answer can be retried with its key, and no retry ever charges twice.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use openlance_core::{Clock, ManualClock};
use openlance_http::{AppState, Parts, assemble, migrations, router};
use openlance_payments::{Fault, PaymentsConfig, ScriptedProvider};
use openlance_storage::testing::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

/// The real router over a payments service whose provider follows a script.
struct FaultyApp {
    router: Router,
    state: AppState,
    clock: Arc<ManualClock>,
    provider: ScriptedProvider,
    _db: TestDb,
}

struct Answer {
    status: StatusCode,
    replayed: bool,
    json: Value,
}

impl FaultyApp {
    async fn new(provider_timeout: Duration) -> Self {
        let test_db = TestDb::new(&migrations()).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        let provider = ScriptedProvider::new();
        let mut parts = Parts::new(
            db,
            clock.clone(),
            b"test-secret-test-secret-test-secret!!".to_vec(),
        );
        parts.payments = PaymentsConfig {
            provider_timeout,
            ..PaymentsConfig::default()
        };
        parts.payment_provider = Some(Arc::new(provider.clone()));
        let state = AppState(Arc::new(assemble(parts)));
        Self {
            router: router(state.clone()),
            state,
            clock,
            provider,
            _db: test_db,
        }
    }

    async fn send(&self, uri: &str, token: Option<&str>, key: Option<&str>, body: Value) -> Answer {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let replayed = res.headers().get("idempotent-replayed").is_some();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            replayed,
            json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    async fn register(&self, name: &str) -> String {
        self.register_with_id(name).await.0
    }

    /// The access token and the user id.
    async fn register_with_id(&self, name: &str) -> (String, String) {
        let res = self
            .send(
                "/api/v1/auth/register",
                None,
                None,
                json!({"email": format!("{name}@example.com"), "password": PASSWORD,
                       "name": name, "roles": ["CLIENT", "FREELANCER"]}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.json);
        (
            res.json["accessToken"].as_str().unwrap().to_string(),
            res.json["user"]["id"].as_str().unwrap().to_string(),
        )
    }

    async fn login(&self, name: &str) -> String {
        let res = self
            .send(
                "/api/v1/auth/login",
                None,
                None,
                json!({"email": format!("{name}@example.com"), "password": PASSWORD}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.json);
        res.json["accessToken"].as_str().unwrap().to_string()
    }

    async fn top_up(&self, token: &str, key: Option<&str>, cents: i64) -> Answer {
        self.send(
            "/api/v1/wallet/top-ups",
            Some(token),
            key,
            top_up_body(cents),
        )
        .await
    }

    async fn available(&self, token: &str) -> i64 {
        let req = Request::get("/api/v1/wallet")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json: Value = serde_json::from_slice(&bytes).unwrap();
        json["balances"][0]["available"]["amount"]
            .as_i64()
            .unwrap_or(0)
    }

    async fn assert_balanced(&self) {
        let report = self.state.payments.check_ledger().await.unwrap();
        assert!(report.is_balanced(), "{report}");
    }
}

const PASSWORD: &str = "correct horse battery staple";

fn top_up_body(cents: i64) -> Value {
    json!({"amount": {"amount": cents, "currency": "USD"}, "paymentMethod": "pm_card_visa"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_provider_does_not_stall_logins_or_other_writes() {
    let app = Arc::new(FaultyApp::new(Duration::from_secs(10)).await);
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    app.provider.then(Fault::Delay(Duration::from_secs(2)));
    let slow = {
        let (app, ann) = (app.clone(), ann.clone());
        tokio::spawn(async move { app.top_up(&ann, Some("slow"), 5_000).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    app.login("bob").await;
    app.register("carol").await;
    let other = app.top_up(&bob, None, 1_000).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.json);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "a login, a registration and another top-up waited {:?} for the slow provider",
        started.elapsed()
    );
    assert!(
        !slow.is_finished(),
        "the slow top-up is still at the provider"
    );

    let slow = slow.await.unwrap();
    assert_eq!(slow.status, StatusCode::CREATED, "{}", slow.json);
    assert_eq!(app.available(&ann).await, 5_000);
    assert_eq!(app.available(&bob).await, 1_000);
    app.assert_balanced().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_key_while_in_progress_is_a_409_and_then_replays_the_answer() {
    let app = Arc::new(FaultyApp::new(Duration::from_secs(10)).await);
    let ann = app.register("ann").await;
    app.provider
        .then(Fault::Delay(Duration::from_millis(1_500)));
    let first = {
        let (app, ann) = (app.clone(), ann.clone());
        tokio::spawn(async move { app.top_up(&ann, Some("k-1"), 2_500).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let concurrent = app.top_up(&ann, Some("k-1"), 2_500).await;
    assert_eq!(
        concurrent.status,
        StatusCode::CONFLICT,
        "{}",
        concurrent.json
    );
    assert_eq!(concurrent.json["code"], "idempotency_key_in_use");

    let first = first.await.unwrap();
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    assert!(!first.replayed);
    let replay = app.top_up(&ann, Some("k-1"), 2_500).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert!(replay.replayed);
    assert_eq!(replay.json, first.json);
    assert_eq!(app.provider.provider().charges(), 1);
    assert_eq!(app.available(&ann).await, 2_500);
    app.assert_balanced().await;
}

#[tokio::test]
async fn a_pending_answer_is_a_202_and_a_retry_with_its_key_finishes_it_without_charging_again() {
    let app = FaultyApp::new(Duration::from_millis(300)).await;
    let ann = app.register("ann").await;
    // The provider charges, then its answer never arrives: the request times out.
    app.provider.then(Fault::SucceedThenHang);
    let pending = app.top_up(&ann, Some("k-2"), 4_000).await;
    assert_eq!(pending.status, StatusCode::ACCEPTED, "{}", pending.json);
    assert_eq!(pending.json["status"], "PENDING");
    assert_eq!(app.available(&ann).await, 0);
    app.assert_balanced().await;

    app.clock.advance(chrono::Duration::seconds(5));
    let retry = app.top_up(&ann, Some("k-2"), 4_000).await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.json);
    assert!(
        !retry.replayed,
        "a 202 is not stored: the retry resumed the operation"
    );
    assert_eq!(retry.json["status"], "SUCCEEDED");
    assert_eq!(retry.json["operationId"], pending.json["operationId"]);
    assert_eq!(app.provider.provider().charges(), 1, "never charged twice");
    assert_eq!(app.available(&ann).await, 4_000);
    app.assert_balanced().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_claim_left_by_a_dead_request_is_taken_over_after_the_lock_timeout() {
    let app = Arc::new(FaultyApp::new(Duration::from_secs(10)).await);
    let ann = app.register("ann").await;
    app.provider.then(Fault::Hang);
    let dying = {
        let (app, ann) = (app.clone(), ann.clone());
        tokio::spawn(async move { app.top_up(&ann, Some("k-3"), 1_500).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    dying.abort(); // the process handling it died
    let _ = dying.await;

    let blocked = app.top_up(&ann, Some("k-3"), 1_500).await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert_eq!(blocked.json["code"], "idempotency_key_in_use");

    app.clock.advance(chrono::Duration::seconds(61));
    let taken_over = app.top_up(&ann, Some("k-3"), 1_500).await;
    assert_eq!(
        taken_over.status,
        StatusCode::CREATED,
        "{}",
        taken_over.json
    );
    assert_eq!(app.provider.provider().charges(), 1);
    assert_eq!(app.available(&ann).await, 1_500);

    // Keys older than a day are pruned, after which the key is free for a new request.
    app.clock.advance(chrono::Duration::hours(25));
    let cutoff = openlance_core::time::to_micros(app.clock.now())
        - i64::try_from(openlance_http::idempotency::RETENTION.as_micros()).unwrap();
    let pruned = openlance_http::idempotency::prune(&app.state.db, cutoff)
        .await
        .unwrap();
    assert_eq!(pruned, 1);
    let ann = app.login("ann").await;
    let fresh = app.top_up(&ann, Some("k-3"), 700).await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.json);
    assert_eq!(app.available(&ann).await, 2_200);
    app.assert_balanced().await;
}

#[tokio::test]
async fn a_workup_payment_whose_charge_is_pending_is_a_202_and_its_retry_pays_once() {
    let app = FaultyApp::new(Duration::from_millis(300)).await;
    let (client, client_id) = app.register_with_id("client").await;
    let (freelancer, freelancer_id) = app.register_with_id("freelancer").await;
    let mut tx = app.state.db.begin().await.unwrap();
    let request = app
        .state
        .payments
        .create_payment_request(
            &mut tx,
            openlance_payments::NewPaymentRequest {
                client_id: openlance_core::id::UserId::parse(&client_id).unwrap(),
                freelancer_id: openlance_core::id::UserId::parse(&freelancer_id).unwrap(),
                contract_id: "contract-1".into(),
                milestone_id: "ms-1".into(),
                amount: openlance_core::Money::new(10_000, openlance_core::Currency::USD),
                description: "Design the logo".into(),
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let uri = format!("/api/v1/payments/requests/{}/pay", request.id);

    app.provider.then(Fault::SucceedThenHang);
    let pending = app
        .send(&uri, Some(&client), Some("pay-1"), Value::Null)
        .await;
    assert_eq!(pending.status, StatusCode::ACCEPTED, "{}", pending.json);
    assert_eq!(pending.json["transactionStatus"], "PENDING");
    // Without the key, a second attempt does not start another charge.
    let other = app.send(&uri, Some(&client), None, Value::Null).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.json);
    assert_eq!(other.json["code"], "payment_in_progress");

    app.clock.advance(chrono::Duration::seconds(5));
    let paid = app
        .send(&uri, Some(&client), Some("pay-1"), Value::Null)
        .await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.json);
    assert_eq!(paid.json["transactionStatus"], "SUCCESS");
    assert_eq!(paid.json["netAmount"], 90.0);
    let replay = app
        .send(&uri, Some(&client), Some("pay-1"), Value::Null)
        .await;
    assert!(replay.replayed);
    assert_eq!(replay.json, paid.json);
    assert_eq!(app.provider.provider().charges(), 1);
    assert_eq!(app.available(&freelancer).await, 9_000);
    assert_eq!(app.available(&client).await, 0);
    app.assert_balanced().await;
}
