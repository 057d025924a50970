//! Email verification and password reset: outbox events, single-use expiring tokens.

use axum::http::StatusCode;
use openlance_bus::outbox::payloads_of_kind as outbox_payloads;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::{Value, json};

async fn events(app: &TestApp, kind: &str) -> Vec<Value> {
    outbox_payloads(&app.state.db, kind).await.unwrap()
}

/// Mints the link of a verification or reset event, as the mailer does when it sends the
/// e-mail, and returns its token. The event itself carries none.
async fn mint(app: &TestApp, event: &Value) -> String {
    assert!(
        event.get("token").is_none() && event.get("link").is_none(),
        "{event}"
    );
    let request = event["requestId"].as_str().expect("requestId");
    let link = app
        .state
        .accounts
        .issue_account_link(request)
        .await
        .unwrap()
        .expect("a live request");
    assert!(link.url.ends_with(&link.token));
    link.token
}

#[tokio::test]
async fn registration_writes_a_user_registered_event() {
    let app = TestApp::new().await;
    let ada = app.register("Ada@example.com", &["FREELANCER"]).await;
    let evs = events(&app, "accounts.user_registered").await;
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["userId"], ada.id.as_str());
    assert_eq!(evs[0]["email"], "ada@example.com");
    assert!(
        !evs[0]
            .to_string()
            .contains(openlance_http::testing::TEST_PASSWORD)
    );
}

#[tokio::test]
async fn email_verification_token_is_single_use() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let res = app
        .call(
            axum::http::Method::POST,
            "/api/v1/auth/verify-email/request",
            None,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .call(
            axum::http::Method::POST,
            "/api/v1/auth/verify-email/request",
            Some(&ada.token),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
    let evs = events(&app, "accounts.email_verification_requested").await;
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["email"], "ada@example.com");
    let token = mint(&app, &evs[0]).await;

    let me = app.get("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(me.json["emailVerified"], false);
    let res = app
        .post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    let me = app.get("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(me.json["emailVerified"], true);

    let again = app
        .post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.content_type(), "application/problem+json");
    let bogus = app
        .post(
            "/api/v1/auth/verify-email",
            None,
            json!({"token": "made-up"}),
        )
        .await;
    assert_eq!(bogus.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn email_verification_token_expires_after_a_day() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    app.call(
        axum::http::Method::POST,
        "/api/v1/auth/verify-email/request",
        Some(&ada.token),
        None,
    )
    .await;
    let evs = events(&app, "accounts.email_verification_requested").await;
    let token = mint(&app, &evs[0]).await;
    app.clock.advance(chrono::Duration::hours(25));
    let res = app
        .post("/api/v1/auth/verify-email", None, json!({"token": token}))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn password_reset_changes_the_password_once_and_revokes_refresh_tokens() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let res = app
        .post(
            "/api/v1/auth/password-reset/request",
            None,
            json!({"email": "ADA@example.com"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED);
    let unknown = app
        .post(
            "/api/v1/auth/password-reset/request",
            None,
            json!({"email": "nobody@example.com"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED, "no enumeration");
    assert_eq!(unknown.text, res.text);
    let evs = events(&app, "accounts.password_reset_requested").await;
    assert_eq!(evs.len(), 1, "only the real account gets an email");
    let token = mint(&app, &evs[0]).await;

    let weak = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"token": token, "newPassword": "short"}),
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert_eq!(weak.json["errors"][0]["field"], "newPassword");

    let new_password = "a brand new passphrase";
    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"token": token, "newPassword": new_password}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);

    let login = |password: &'static str| {
        app.post(
            "/api/v1/auth/login",
            None,
            json!({"email": "ada@example.com", "password": password}),
        )
    };
    assert_eq!(login(TEST_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(login(new_password).await.status, StatusCode::OK);
    let refresh = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refreshToken": ada.refresh_token}),
        )
        .await;
    assert_eq!(
        refresh.status,
        StatusCode::UNAUTHORIZED,
        "old sessions revoked"
    );

    let again = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"token": token, "newPassword": "yet another passphrase"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "single use");
}

#[tokio::test]
async fn password_reset_token_expires_after_an_hour() {
    let app = TestApp::new().await;
    app.register("ada@example.com", &["CLIENT"]).await;
    app.post(
        "/api/v1/auth/password-reset/request",
        None,
        json!({"email": "ada@example.com"}),
    )
    .await;
    let evs = events(&app, "accounts.password_reset_requested").await;
    let token = mint(&app, &evs[0]).await;
    app.clock.advance(chrono::Duration::minutes(61));
    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"token": token, "newPassword": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "ada@example.com", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "password unchanged");
}
