//! Password hashing behind a limit, and per-address throttling of the requests that hash
//! or send e-mail: bursts answer 201, 429 or 503 — never 500.

use std::collections::HashMap;
use std::sync::Arc;

use axum::http::StatusCode;
use openlance_accounts::{Accounts, AccountsConfig, Registration, Role};
use openlance_core::DomainError;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn a_burst_of_registrations_answers_only_201_429_or_503() {
    let app = Arc::new(TestApp::new().await);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            app.post(
                "/api/v1/auth/register",
                None,
                json!({"email": format!("u{i}@example.com"), "password": TEST_PASSWORD,
                       "name": "U", "roles": ["CLIENT"]}),
            )
            .await
        }));
    }
    let mut counts: HashMap<u16, usize> = HashMap::new();
    for task in tasks {
        let res = task.await.unwrap();
        let status = res.status.as_u16();
        assert!([201, 429, 503].contains(&status), "{status}: {}", res.text);
        if status != 201 {
            assert_eq!(res.content_type(), "application/problem+json");
            assert!(res.headers.contains_key("retry-after"), "{}", res.text);
        }
        *counts.entry(status).or_insert(0) += 1;
    }
    let created = counts.get(&201).copied().unwrap_or(0);
    assert!((1..=20).contains(&created), "{counts:?}");
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    assert!(app.state.accounts.hashing_peak() <= cores);
}

#[tokio::test]
async fn hashing_never_exceeds_its_limit_and_the_rest_are_told_to_retry() {
    let app = TestApp::new().await;
    let mut config = AccountsConfig::new(b"test-secret-test-secret-test-secret!!".to_vec());
    config.max_concurrent_hashes = 2;
    config.max_queued_hashes = 2;
    config.max_requests_per_address = 1000;
    let accounts = Arc::new(Accounts::new(
        app.state.db.clone(),
        app.clock.clone(),
        config,
    ));
    let mut tasks = Vec::new();
    for i in 0..60 {
        let accounts = accounts.clone();
        tasks.push(tokio::spawn(async move {
            let input = Registration {
                email: format!("u{i}@example.com"),
                password: TEST_PASSWORD.into(),
                name: "U".into(),
                roles: vec![Role::Freelancer],
                ..Default::default()
            };
            accounts.register(input, &format!("10.0.0.{i}")).await
        }));
    }
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => created += 1,
            Err(DomainError::Overloaded { retry_after_secs }) => assert!(retry_after_secs >= 1),
            Err(other) => panic!("unexpected {other}"),
        }
    }
    assert!(created >= 2, "{created}");
    assert!(accounts.hashing_peak() <= 2, "{}", accounts.hashing_peak());
    // Exactly the accepted registrations exist: a refused one wrote nothing.
    let mut signed_in = 0;
    for i in 0..60 {
        let res = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"email": format!("u{i}@example.com"), "password": TEST_PASSWORD}),
            )
            .await;
        if res.status == StatusCode::OK {
            signed_in += 1;
        }
    }
    assert_eq!(signed_in, created);
}

#[tokio::test]
async fn a_wrong_reset_token_is_refused_without_hashing_the_new_password() {
    let app = TestApp::new().await;
    let accounts = Accounts::new(
        app.state.db.clone(),
        app.clock.clone(),
        AccountsConfig::new(b"test-secret-test-secret-test-secret!!".to_vec()),
    );
    let res = accounts
        .reset_password("made-up", "a brand new secret", "10.0.0.1")
        .await;
    assert!(matches!(res, Err(DomainError::Validation(_))), "{res:?}");
    assert_eq!(accounts.hashing_peak(), 0, "no hash was computed");
}

#[tokio::test]
async fn password_reset_requests_are_throttled_per_address() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    for i in 0..20 {
        let res = app
            .post(
                "/api/v1/auth/password-reset/request",
                None,
                json!({"email": "ada@example.com"}),
            )
            .await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{i}");
    }
    let res = app
        .post(
            "/api/v1/auth/password-reset/request",
            None,
            json!({"email": "someone@example.com"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.text);
    assert!(res.headers.contains_key("retry-after"));
}
