//! Bad input on the auth routes is a 4xx problem+json that names the field, and
//! changes nothing.

use axum::http::StatusCode;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::{Value, json};

fn register_body(overrides: Value) -> Value {
    let mut body = json!({
        "email": "ada@example.com",
        "password": TEST_PASSWORD,
        "name": "Ada",
        "roles": ["CLIENT"],
    });
    for (k, v) in overrides.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

#[tokio::test]
async fn registration_refuses_bad_input_naming_the_field() {
    let app = TestApp::new().await;
    let cases = [
        (json!({"password": "short"}), "password"),
        (json!({"password": "password123"}), "password"),
        (json!({"password": "QWERTYUIOP"}), "password"),
        (json!({"email": "not-an-email"}), "email"),
        (json!({"email": "a@b"}), "email"),
        (json!({"name": "   "}), "name"),
        (json!({"roles": []}), "roles"),
        (json!({"roles": ["ADMIN"]}), "roles"),
        (json!({"roles": ["CLIENT", "ADMIN"]}), "roles"),
        (json!({"roles": ["BOSS"]}), "roles[0]"),
        (json!({"roles": "CLIENT"}), "roles"),
        (json!({"email": 42}), "email"),
        (json!({"isAdmin": true}), ""),
        (json!({"email": null}), ""),
    ];
    for (overrides, field) in cases {
        let body = register_body(overrides.clone());
        let res = app.post("/api/v1/auth/register", None, body).await;
        assert_eq!(
            res.status,
            StatusCode::BAD_REQUEST,
            "{overrides}: {}",
            res.text
        );
        assert_eq!(res.content_type(), "application/problem+json");
        if !field.is_empty() {
            let fields: Vec<&str> = res.json["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            assert!(fields.contains(&field), "{overrides}: {fields:?}");
        }
    }
    // Nothing was created: the email is still free.
    let res = app
        .post("/api/v1/auth/register", None, register_body(json!({})))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert!(!res.text.contains(TEST_PASSWORD));
}

#[tokio::test]
async fn malformed_bodies_on_every_auth_route_are_4xx() {
    let app = TestApp::new().await;
    let routes = [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/verify-email",
        "/api/v1/auth/password-reset/request",
        "/api/v1/auth/password-reset",
        "/api/v1/users/login",
        "/api/v1/users/clients/register",
        "/api/v1/users/freelancers/register",
    ];
    for route in routes {
        for body in [
            json!({}),
            json!([]),
            json!("text"),
            json!({"unexpected": 1}),
        ] {
            let res = app.post(route, None, body.clone()).await;
            assert!(
                res.status.is_client_error(),
                "{route} {body}: {} {}",
                res.status,
                res.text
            );
            assert_eq!(res.content_type(), "application/problem+json", "{route}");
        }
        let req = axum::http::Request::post(route)
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{not json"))
            .unwrap();
        let res = app.send(req).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{route}");
    }
}

#[tokio::test]
async fn login_and_reset_refuse_bad_values() {
    let app = TestApp::new().await;
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "nope", "password": "whatever at all"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.json["errors"][0]["field"], "email");
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "a@example.com", "password": 12345678901i64}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app
        .post(
            "/api/v1/auth/password-reset/request",
            None,
            json!({"email": "nope"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"token": "x", "newPassword": "a fine passphrase", "extra": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_openapi_document_lists_the_accounts_routes() {
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json", None).await.json;
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/verify-email/request", "post"),
        ("/api/v1/auth/verify-email", "post"),
        ("/api/v1/auth/password-reset/request", "post"),
        ("/api/v1/auth/password-reset", "post"),
        ("/api/v1/users/me", "get"),
        ("/api/v1/users/me", "patch"),
        ("/api/v1/users/me", "delete"),
        ("/api/v1/users/{userId}", "get"),
        ("/api/v1/users/login", "post"),
        ("/api/v1/users/clients/register", "post"),
        ("/api/v1/users/freelancers/register", "post"),
        ("/api/v1/users/freelancer/profile", "post"),
        ("/api/v1/users/freelancer/photo", "get"),
        ("/api/v1/users/freelancer/resume", "post"),
        ("/api/v1/users/freelancer/skills", "delete"),
        ("/api/v1/users/freelancer/languages", "post"),
        ("/api/v1/users/freelancer/achievements", "put"),
        ("/api/v1/users/freelancer/education", "delete"),
        ("/api/v1/users/freelancer/experience", "get"),
        ("/api/v1/users/freelancer/profile_briefs", "get"),
        ("/api/v1/freelancers", "get"),
        ("/api/v1/users/client/profile", "get"),
        ("/api/v1/users/client/photo", "post"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} missing");
    }
    assert!(paths["/api/v1/users/me"]["get"]["security"].is_array());
    assert_eq!(
        paths["/api/v1/users/freelancer/skills"]["get"]["tags"][0],
        "workup-users"
    );
}
