//! WorkUp's user routes: who may touch what, the caller's own brief, and Openlance's
//! public freelancer directory.

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
            json!({"newSkill": "X"}),
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
        json!({"newSkill": "Phishing"}),
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
async fn profile_briefs_answer_the_callers_own_email_and_full_name() {
    let app = TestApp::new().await;
    let grace = workup_freelancer(&app, "grace@example.com").await;
    workup_freelancer(&app, "other@example.com").await;
    let acme = app.register("acme@example.com", &["CLIENT"]).await;
    let res = app
        .get(
            "/api/v1/users/freelancer/profile_briefs",
            Some(&grace.token),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["email"], "grace@example.com");
    assert_eq!(res.json["fullName"], "Grace Hopper");
    assert_eq!(res.json["statusCode"], "OK");
    assert!(!res.text.contains("other@example.com"), "{}", res.text);
    let res = app
        .get("/api/v1/users/freelancer/profile_briefs", Some(&acme.token))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    let res = app
        .get("/api/v1/users/freelancer/profile_briefs", None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_freelancer_directory_lists_public_fields_a_page_at_a_time() {
    let app = TestApp::new().await;
    for i in 0..5 {
        app.register(&format!("f{i}@example.com"), &["FREELANCER"])
            .await;
    }
    app.register("client@example.com", &["CLIENT"]).await;
    let first = app.get("/api/v1/freelancers?limit=3", None).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.json["items"].as_array().unwrap().len(), 3);
    assert!(
        first.json.get("statusCode").is_none(),
        "an Openlance route: {}",
        first.text
    );
    assert!(
        !first.text.contains("@example.com"),
        "no emails: {}",
        first.text
    );
    let cursor = first.json["nextCursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/api/v1/freelancers?limit=3&cursor={cursor}"),
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
        let res = app.get(&format!("/api/v1/freelancers?{bad}"), None).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(res.content_type(), "application/problem+json");
    }
}

#[tokio::test]
async fn every_workup_body_may_carry_fields_we_do_not_use() {
    let app = TestApp::new().await;
    let grace = workup_freelancer(&app, "grace@example.com").await;
    let acme = app.register("acme@example.com", &["CLIENT"]).await;
    let extra = |mut body: serde_json::Value, id: &str| {
        body["userId"] = json!(id);
        body["freelancerId"] = json!(id);
        body["jobId"] = json!("job-1");
        body
    };
    let g = grace.id.as_str();
    for (path, body, status) in [
        (
            "/api/v1/users/freelancer/profile",
            json!({"city": "Arlington"}),
            StatusCode::OK,
        ),
        (
            "/api/v1/users/freelancer/photo",
            json!({"photoLink": "https://x.example/p.jpg"}),
            StatusCode::OK,
        ),
        (
            "/api/v1/users/freelancer/resume",
            json!({"resumeLink": "https://x.example/r.pdf"}),
            StatusCode::OK,
        ),
        (
            "/api/v1/users/freelancer/skills",
            json!({"newSkill": "COBOL"}),
            StatusCode::CREATED,
        ),
        (
            "/api/v1/users/freelancer/languages",
            json!({"newLanguage": "English"}),
            StatusCode::CREATED,
        ),
        (
            "/api/v1/users/freelancer/achievements",
            json!({"achievement_name": "Award"}),
            StatusCode::CREATED,
        ),
        (
            "/api/v1/users/freelancer/education",
            json!({"school_name": "Yale"}),
            StatusCode::CREATED,
        ),
        (
            "/api/v1/users/freelancer/experience",
            json!({"company_name": "Navy", "job_title": "Admiral"}),
            StatusCode::CREATED,
        ),
    ] {
        let res = app.post(path, Some(&grace.token), extra(body, g)).await;
        assert_eq!(res.status, status, "{path}: {}", res.text);
    }
    for (path, body) in [
        ("/api/v1/users/client/profile", json!({"name": "Acme Inc"})),
        (
            "/api/v1/users/client/photo",
            json!({"photoLink": "https://x.example/a.jpg"}),
        ),
    ] {
        let res = app
            .post(path, Some(&acme.token), extra(body, &acme.id))
            .await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
    }
    let res = app
        .post(
            "/api/v1/users/freelancers/register",
            None,
            extra(
                json!({"email": "ada@example.com", "password": openlance_http::testing::TEST_PASSWORD,
                       "fullName": "Ada"}),
                "none",
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    // Our own routes keep refusing them.
    let res = app
        .patch(
            "/api/v1/users/me",
            Some(&grace.token),
            json!({"city": "Paris", "userId": g}),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text);
}
