//! WorkUp's user routes: who may touch what, and the public freelancer briefs.

use axum::http::StatusCode;
use openlance_http::testing::TestApp;
use serde_json::json;

use super::workup::workup_freelancer;

#[tokio::test]
async fn routes_are_for_their_role_and_always_act_on_the_caller() {
    let app = TestApp::new().await;
    let grace = workup_freelancer(&app, "grace@example.com").await;
    let acme = app.register("acme@example.com", &["CLIENT"]).await;
    let mallory = app.register("mallory@example.com", &["FREELANCER"]).await;

    // A client on freelancer routes, a freelancer on client routes: 403, nothing changes.
    let res = app
        .post(
            "/api/v1/users/freelancer/skills",
            Some(&acme.token),
            json!({"skill": "X"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .get("/api/v1/users/client/profile", Some(&grace.token))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // No token: 401 everywhere.
    for path in [
        "profile",
        "photo",
        "resume",
        "skills",
        "languages",
        "achievements",
        "education",
        "experience",
    ] {
        let res = app
            .get(&format!("/api/v1/users/freelancer/{path}"), None)
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
    }

    // Mallory's writes land on Mallory's profile only.
    app.post(
        "/api/v1/users/freelancer/profile",
        Some(&mallory.token),
        json!({"description": "hacked"}),
    )
    .await;
    app.post(
        "/api/v1/users/freelancer/skills",
        Some(&mallory.token),
        json!({"skill": "Phishing"}),
    )
    .await;
    let g = app
        .get("/api/v1/users/freelancer/profile", Some(&grace.token))
        .await;
    assert_eq!(g.json["description"], serde_json::Value::Null);
    assert_eq!(g.json["skills"], json!([]));
    // And Mallory's reads never show Grace's private data.
    let m = app
        .get("/api/v1/users/freelancer/profile", Some(&mallory.token))
        .await;
    assert_eq!(m.json["email"], "mallory@example.com");
    assert!(!m.text.contains("grace@example.com") && !m.text.contains("1906"));
}

#[tokio::test]
async fn profile_briefs_list_freelancers_with_public_fields_a_page_at_a_time() {
    let app = TestApp::new().await;
    for i in 0..5 {
        app.register(&format!("f{i}@example.com"), &["FREELANCER"])
            .await;
    }
    app.register("client@example.com", &["CLIENT"]).await;
    let first = app
        .get("/api/v1/users/freelancer/profile_briefs?limit=3", None)
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.json["items"].as_array().unwrap().len(), 3);
    assert!(
        !first.text.contains("@example.com"),
        "no emails: {}",
        first.text
    );
    let cursor = first.json["nextCursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/api/v1/users/freelancer/profile_briefs?limit=3&cursor={cursor}"),
            None,
        )
        .await;
    let items = second.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "the client is not listed");
    assert!(second.json["nextCursor"].is_null());
    for bad in [
        "limit=0",
        "limit=1000",
        "cursor=garbage!",
        "limit=abc",
        "sort=name",
    ] {
        let res = app
            .get(
                &format!("/api/v1/users/freelancer/profile_briefs?{bad}"),
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(res.content_type(), "application/problem+json");
    }
}
