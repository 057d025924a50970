//! Login throttling: per email and per client address, same answers for unknown emails.

use axum::http::StatusCode;
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
async fn twenty_failures_lock_a_client_address() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    // Spread over many emails so no single email reaches its own limit.
    for i in 0..20 {
        let res = login(
            &app,
            &format!("user{}@example.com", i % 10),
            "wrong password!",
        )
        .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = login(&app, "ada@example.com", TEST_PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) >= 1);
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(
        login(&app, "ada@example.com", TEST_PASSWORD).await.status,
        StatusCode::OK
    );
}
