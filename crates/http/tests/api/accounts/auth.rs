//! Register, login, refresh rotation, logout and access token checks.

use axum::http::StatusCode;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn register_then_login_round_trip() {
    let app = TestApp::new().await;
    let ada = app
        .register("Ada@Example.com", &["CLIENT", "FREELANCER"])
        .await;

    let me = app.get("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json["id"], ada.id.as_str());
    assert_eq!(me.json["email"], "ada@example.com");
    assert_eq!(me.json["roles"], json!(["CLIENT", "FREELANCER"]));
    assert!(!me.text.to_lowercase().contains("password"), "{}", me.text);

    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "ADA@example.COM", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["user"]["id"], ada.id.as_str());
    let token = res.json["accessToken"].as_str().unwrap();
    let me = app.get("/api/v1/users/me", Some(token)).await;
    assert_eq!(me.json["id"], ada.id.as_str());
}

#[tokio::test]
async fn a_second_registration_with_the_same_email_in_any_case_is_409() {
    let app = TestApp::new().await;
    app.register("bob@example.com", &["CLIENT"]).await;
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "BOB@Example.com", "password": TEST_PASSWORD, "name": "Bob 2", "roles": ["FREELANCER"]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    assert_eq!(res.content_type(), "application/problem+json");
    assert_eq!(res.code(), "email_taken");
    assert!(
        res.json["detail"]
            .as_str()
            .unwrap()
            .contains("already exists")
    );
}

#[tokio::test]
async fn a_wrong_password_is_401_and_an_unknown_email_looks_the_same() {
    let app = TestApp::new().await;
    app.register("carol@example.com", &["CLIENT"]).await;
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "carol@example.com", "password": "not the password"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.content_type(), "application/problem+json");
    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nobody@example.com", "password": "not the password"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.json, wrong.json);
}

#[tokio::test]
async fn me_requires_a_token() {
    let app = TestApp::new().await;
    let res = app.get("/api/v1/users/me", None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app.get("/api/v1/users/me", Some("garbage")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_command_line_creates_admins_that_can_log_in() {
    let app = TestApp::new().await;
    use openlance_accounts::Role;
    let id = app
        .state
        .accounts
        .create_user("root@example.com", TEST_PASSWORD, "Root", &[Role::Admin])
        .await
        .unwrap();
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "root@example.com", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["user"]["id"], id.to_string().as_str());
    assert_eq!(res.json["user"]["roles"], json!(["ADMIN"]));
    // It validates like registration.
    let weak = app
        .state
        .accounts
        .create_user("x@example.com", "short", "X", &[Role::Admin])
        .await;
    assert!(weak.is_err());
    let dup = app
        .state
        .accounts
        .create_user("ROOT@example.com", TEST_PASSWORD, "Root 2", &[Role::Client])
        .await;
    assert_eq!(dup.unwrap_err().status(), 409);
}
