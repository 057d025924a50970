//! WorkUp's envelope: every WorkUp answer carries `statusCode` and `errorMessage` beside its
//! fields (success and problem alike); Openlance's own routes do not.

use axum::http::StatusCode;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::{Value, json};

#[tokio::test]
async fn workup_answers_carry_status_code_and_error_message_and_ours_do_not() {
    let app = TestApp::new().await;
    let res = app
        .post(
            "/api/v1/users/clients/register",
            None,
            json!({"email": "acme@example.com", "password": TEST_PASSWORD, "clientName": "Acme"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["statusCode"], "OK");
    assert_eq!(res.json["errorMessage"], Value::Null);
    assert!(
        res.json["authToken"].is_string(),
        "the body's own fields stay"
    );

    let wrong = app
        .post(
            "/api/v1/users/login",
            None,
            json!({"email": "acme@example.com", "password": "not the password at all"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json["statusCode"], "UNAUTHORIZED");
    assert!(
        wrong.json["errorMessage"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert_eq!(wrong.json["code"], "unauthenticated", "{}", wrong.text);
    assert!(wrong.content_type().starts_with("application/problem+json"));

    let token = res.json["authToken"].as_str().unwrap();
    let requests = app
        .get("/api/v1/payments/clients/me/requests", Some(token))
        .await;
    assert_eq!(requests.status, StatusCode::OK, "{}", requests.text);
    assert_eq!(requests.json["statusCode"], "OK");

    let ours = app.get("/api/v1/users/me", Some(token)).await;
    assert_eq!(ours.status, StatusCode::OK);
    assert!(ours.json.get("statusCode").is_none());
    let missing = app
        .get("/api/v1/wallet/transactions?cursor=%%", Some(token))
        .await;
    assert!(
        missing.json.get("errorMessage").is_none(),
        "{}",
        missing.text
    );
}
