//! An in-process test harness: a fresh, migrated database (SQLite, or PostgreSQL when
//! `OPENLANCE_TEST_DATABASE_URL` is set), a manual clock, the app assembled by the same
//! [`crate::assemble`] as `serve`'s, and requests driven through the real router with
//! `tower::ServiceExt::oneshot`.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use openlance_core::ManualClock;
use openlance_storage::testing::TestDb;
use serde_json::Value;
use tower::ServiceExt;

use crate::{AppState, Parts, assemble, migrations, router};

/// A user registered through the HTTP API, with their tokens.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    /// Access token for `Authorization: Bearer`.
    pub token: String,
    pub refresh_token: String,
}

/// The password [`TestApp::register`] gives every user.
pub const TEST_PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    router: Router,
    _db: TestDb,
}

/// What a test sees of a response.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body parsed as JSON (`Value::Null` when empty or not JSON).
    pub json: Value,
    pub text: String,
}

impl TestResponse {
    /// The problem `code` of an error response.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or_default()
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_parts(|_| {}).await
    }

    /// An app assembled like production's, from parts a test may adjust first (a
    /// scripted payment provider, a recording mailer, tighter HTTP limits).
    pub async fn with_parts(adjust: impl FnOnce(&mut Parts)) -> Self {
        let test_db = TestDb::new(&migrations()).await;
        let clock = Arc::new(ManualClock::default());
        let mut parts = Parts::new(
            test_db.db.clone(),
            clock.clone(),
            b"test-secret-test-secret-test-secret!!".to_vec(),
        );
        adjust(&mut parts);
        let state = AppState(Arc::new(assemble(parts)));
        Self {
            router: router(state.clone()),
            state,
            clock,
            _db: test_db,
        }
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let req = match body {
            Some(body) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.expect("valid request")).await
    }

    /// Sends a fully built request (for raw bodies, custom headers).
    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        TestResponse {
            status,
            headers,
            json,
            text,
        }
    }

    pub async fn get(&self, uri: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::GET, uri, token, None).await
    }

    pub async fn post(&self, uri: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.call(Method::POST, uri, token, Some(body)).await
    }

    /// Registers a user through `POST /api/v1/auth/register` with [`TEST_PASSWORD`] and
    /// the given roles (`"CLIENT"`, `"FREELANCER"`); panics if registration fails.
    pub async fn register(&self, email: &str, roles: &[&str]) -> TestUser {
        let res = self
            .post(
                "/api/v1/auth/register",
                None,
                serde_json::json!({
                    "email": email,
                    "password": TEST_PASSWORD,
                    "name": email.split('@').next().unwrap_or(email),
                    "roles": roles,
                }),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "register {email}: {}",
            res.text
        );
        let field = |name: &str| {
            res.json[name]
                .as_str()
                .unwrap_or_else(|| panic!("register response lacks {name}: {}", res.text))
                .to_string()
        };
        TestUser {
            id: res.json["user"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("register response lacks user.id: {}", res.text))
                .to_string(),
            email: email.to_string(),
            token: field("accessToken"),
            refresh_token: field("refreshToken"),
        }
    }

    pub async fn patch(&self, uri: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.call(Method::PATCH, uri, token, Some(body)).await
    }

    pub async fn put(&self, uri: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.call(Method::PUT, uri, token, Some(body)).await
    }

    pub async fn delete(&self, uri: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::DELETE, uri, token, None).await
    }
}
