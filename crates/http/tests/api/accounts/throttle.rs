//! Login throttling: per account from one address (strict, growing backoff), per account
//! (loose) and per address; concurrent guesses all count; same answers for unknown emails.

use std::collections::HashMap;
use std::sync::Arc;

use axum::http::StatusCode;
use openlance_accounts::{Accounts, AccountsConfig};
use openlance_core::DomainError;
use openlance_http::testing::{TEST_PASSWORD, TestApp, TestResponse};
use serde_json::json;

async fn login(app: &TestApp, email: &str, password: &str) -> TestResponse {
    app.post(
        "/api/v1/auth/login",
        None,
        json!({"email": email, "password": password}),
    )
    .await
}

fn retry_after(res: &TestResponse) -> u64 {
    res.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The accounts service of `app` with other limits and no slowdown, for tests that
/// log in from several addresses.
fn accounts_with(app: &TestApp, change: impl FnOnce(&mut AccountsConfig)) -> Accounts {
    let mut config = AccountsConfig::new(b"test-secret-test-secret-test-secret!!".to_vec());
    config.failure_delay_step = std::time::Duration::ZERO;
    change(&mut config);
    Accounts::new(app.state.db.clone(), app.clock.clone(), config)
}

fn retry_secs(result: openlance_core::Result<openlance_accounts::Session>) -> u64 {
    match result {
        Err(DomainError::RateLimited { retry_after_secs }) => retry_after_secs,
        other => panic!("expected 429, got {:?}", other.map(|s| s.user.email)),
    }
}

#[tokio::test]
async fn five_failures_lock_an_email_for_the_window_whether_or_not_it_exists() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    for email in ["ada@example.com", "ghost@example.com"] {
        for _ in 0..5 {
            let res = login(&app, email, "wrong password!").await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{email}");
        }
    }
    let known = login(&app, "ada@example.com", TEST_PASSWORD).await;
    let unknown = login(&app, "ghost@example.com", "wrong password!").await;
    for res in [&known, &unknown] {
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.text);
        assert_eq!(res.code(), "rate_limited");
        assert_eq!(res.content_type(), "application/problem+json");
        let secs = retry_after(res);
        assert!((1..=900).contains(&secs), "{secs}");
    }
    assert_eq!(known.json["detail"], unknown.json["detail"]);
    assert_eq!(known.json["code"], unknown.json["code"]);

    // Another email from the same address is still allowed.
    app.register("bob@example.com", &["CLIENT"]).await;
    assert_eq!(
        login(&app, "bob@example.com", TEST_PASSWORD).await.status,
        StatusCode::OK
    );

    // Once the window has passed, the right password works again.
    app.clock
        .advance(chrono::Duration::minutes(15) + chrono::Duration::seconds(1));
    assert_eq!(
        login(&app, "ada@example.com", TEST_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_the_owner_or_their_neighbours_out() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    app.register("bob@example.com", &["CLIENT"]).await;
    let accounts = accounts_with(&app, |_| {});
    let attacker = "203.0.113.9";
    for _ in 0..5 {
        let res = accounts
            .login("ada@example.com", "wrong guess!!", attacker)
            .await;
        assert!(matches!(res, Err(DomainError::Unauthenticated(_))));
    }
    retry_secs(
        accounts
            .login("ada@example.com", TEST_PASSWORD, attacker)
            .await,
    );

    // The owner, from home, signs in at once.
    let owner = accounts
        .login("ada@example.com", TEST_PASSWORD, "198.51.100.7")
        .await;
    assert_eq!(owner.unwrap().user.email, "ada@example.com");
    // Another user behind the attacker's address too.
    let bob = accounts
        .login("bob@example.com", TEST_PASSWORD, attacker)
        .await;
    assert_eq!(bob.unwrap().user.email, "bob@example.com");
}

#[tokio::test]
async fn each_further_failure_from_one_address_waits_twice_as_long() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    let accounts = accounts_with(&app, |_| {});
    let addr = "203.0.113.9";
    for _ in 0..5 {
        assert!(
            accounts
                .login("ada@example.com", "wrong guess!!", addr)
                .await
                .is_err()
        );
    }
    let first = retry_secs(
        accounts
            .login("ada@example.com", "wrong guess!!", addr)
            .await,
    );
    assert_eq!(first, 60);
    app.clock.advance(chrono::Duration::seconds(61));
    let res = accounts
        .login("ada@example.com", "wrong guess!!", addr)
        .await;
    assert!(
        matches!(res, Err(DomainError::Unauthenticated(_))),
        "one more try"
    );
    let second = retry_secs(accounts.login("ada@example.com", TEST_PASSWORD, addr).await);
    assert_eq!(second, 120);
}

#[tokio::test]
async fn an_account_guessed_from_many_addresses_is_locked_everywhere() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    let accounts = accounts_with(&app, |c| c.max_failures_per_email = 12);
    for i in 0..12 {
        let addr = format!("203.0.113.{}", i / 4);
        let res = accounts
            .login("ada@example.com", "wrong guess!!", &addr)
            .await;
        assert!(matches!(res, Err(DomainError::Unauthenticated(_))), "{i}");
    }
    let secs = retry_secs(
        accounts
            .login("ada@example.com", TEST_PASSWORD, "198.51.100.7")
            .await,
    );
    assert!((1..=900).contains(&secs), "{secs}");
}

#[tokio::test]
async fn an_address_guessing_many_accounts_is_locked_for_all_of_them() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    let accounts = accounts_with(&app, |c| c.max_failures_per_address = 12);
    let addr = "203.0.113.9";
    for i in 0..12 {
        let res = accounts
            .login(&format!("user{i}@example.com"), "wrong guess!!", addr)
            .await;
        assert!(matches!(res, Err(DomainError::Unauthenticated(_))), "{i}");
    }
    retry_secs(accounts.login("ada@example.com", TEST_PASSWORD, addr).await);
    let elsewhere = accounts
        .login("ada@example.com", TEST_PASSWORD, "198.51.100.7")
        .await;
    assert!(elsewhere.is_ok());
}

/// Counts the answers by status.
async fn statuses(tasks: Vec<tokio::task::JoinHandle<TestResponse>>) -> HashMap<u16, usize> {
    let mut counts = HashMap::new();
    for task in tasks {
        let res = task.await.unwrap();
        if res.status != StatusCode::UNAUTHORIZED {
            assert!(res.headers.contains_key("retry-after"), "{}", res.text);
        }
        *counts.entry(res.status.as_u16()).or_insert(0) += 1;
    }
    counts
}

#[tokio::test]
async fn fifty_concurrent_wrong_passwords_for_one_account_check_at_most_five() {
    let app = Arc::new(TestApp::new().await);
    app.register("ada@example.com", &["CLIENT"]).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            login(&app, "ada@example.com", "wrong guess!!").await
        }));
    }
    let counts = statuses(tasks).await;
    let checked = counts.get(&401).copied().unwrap_or(0);
    assert!((1..=5).contains(&checked), "{counts:?}");
    assert!(
        counts.keys().all(|s| [401, 429, 503].contains(s)),
        "{counts:?}"
    );
    if checked == 5 {
        let res = login(&app, "ada@example.com", TEST_PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::TOO_MANY_REQUESTS,
            "locked after the burst"
        );
    }
}

#[tokio::test]
async fn three_hundred_concurrent_logins_from_one_address_check_at_most_its_limit() {
    let app = Arc::new(TestApp::new().await);
    let mut tasks = Vec::new();
    for i in 0..300 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            login(&app, &format!("user{i}@example.com"), "wrong guess!!").await
        }));
    }
    let counts = statuses(tasks).await;
    let checked = counts.get(&401).copied().unwrap_or(0);
    assert!((1..=100).contains(&checked), "{counts:?}");
    assert!(
        counts.keys().all(|s| [401, 429, 503].contains(s)),
        "{counts:?}"
    );
}
