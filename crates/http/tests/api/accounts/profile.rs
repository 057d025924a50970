//! Our own profile routes: `/api/v1/users/me` and the public `/api/v1/users/{id}`.

use axum::http::StatusCode;
use openlance_http::testing::{TEST_PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn the_owner_updates_their_profile_and_others_see_only_public_fields() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["FREELANCER"]).await;
    let bob = app.register("bob@example.com", &["CLIENT"]).await;

    let res = app
        .patch(
            "/api/v1/users/me",
            Some(&ada.token),
            json!({
                "name": "Ada Lovelace",
                "headline": "Analytical engines",
                "bio": "I write programs.",
                "city": "London",
                "photoLink": "https://cdn.example.com/ada.png",
                "resumeLink": "https://cdn.example.com/ada.pdf",
                "skills": ["Rust", "rust", " Math "],
                "languages": ["English"],
                "hourlyRate": {"amount": 12500, "currency": "USD"},
                "birthDate": "1815-12-10"
            }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json["name"], "Ada Lovelace");
    assert_eq!(res.json["skills"], json!(["Rust", "Math"]));
    assert_eq!(
        res.json["hourlyRate"],
        json!({"amount": 12500, "currency": "USD"})
    );
    assert_eq!(res.json["birthDate"], "1815-12-10");
    assert_eq!(res.json["email"], "ada@example.com");

    let public = app
        .get(&format!("/api/v1/users/{}", ada.id), Some(&bob.token))
        .await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(public.json["name"], "Ada Lovelace");
    assert_eq!(public.json["headline"], "Analytical engines");
    assert_eq!(public.json["hourlyRate"]["amount"], 12500);
    assert!(public.json.get("email").is_none(), "{}", public.text);
    assert!(public.json.get("birthDate").is_none(), "{}", public.text);
    assert!(!public.text.contains("ada@example.com"));
    assert!(!public.text.contains("1815-12-10"));
    // Anonymous callers see the same public profile.
    let anon = app.get(&format!("/api/v1/users/{}", ada.id), None).await;
    assert_eq!(anon.json, public.json);

    // Bob's PATCH changes Bob, never Ada.
    let res = app
        .patch(
            "/api/v1/users/me",
            Some(&bob.token),
            json!({"headline": "Hiring"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json["id"], bob.id.as_str());
    let again = app.get(&format!("/api/v1/users/{}", ada.id), None).await;
    assert_eq!(again.json["headline"], "Analytical engines");

    // An empty string clears a field.
    let res = app
        .patch(
            "/api/v1/users/me",
            Some(&ada.token),
            json!({"headline": ""}),
        )
        .await;
    assert_eq!(res.json["headline"], serde_json::Value::Null);
}

#[tokio::test]
async fn invalid_profile_updates_change_nothing() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["FREELANCER"]).await;
    app.patch(
        "/api/v1/users/me",
        Some(&ada.token),
        json!({"city": "Paris"}),
    )
    .await;
    let bad = [
        json!({"city": "Rome", "photoLink": "javascript:alert(1)"}),
        json!({"city": "Rome", "hourlyRate": {"amount": -5, "currency": "USD"}}),
        json!({"city": "Rome", "hourlyRate": {"amount": 5, "currency": "XXX"}}),
        json!({"city": "Rome", "hourlyRate": {"amount": 5.5, "currency": "USD"}}),
        json!({"city": "Rome", "birthDate": "10/12/1815"}),
        json!({"city": "Rome", "skills": [""]}),
        json!({"city": "Rome", "name": ""}),
        json!({"city": "Rome", "email": "new@example.com"}),
        json!({"city": "Rome", "roles": ["ADMIN"]}),
        json!({"city": 7}),
        json!({"city": "x".repeat(101)}),
    ];
    for body in bad {
        let res = app
            .patch("/api/v1/users/me", Some(&ada.token), body.clone())
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{body}: {}", res.text);
        assert_eq!(res.content_type(), "application/problem+json");
    }
    let me = app.get("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(me.json["city"], "Paris");
    assert_eq!(me.json["roles"], json!(["FREELANCER"]));
    let res = app
        .patch("/api/v1/users/me", None, json!({"city": "Rome"}))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn public_profiles_of_unknown_or_malformed_ids() {
    let app = TestApp::new().await;
    let res = app
        .get("/api/v1/users/0190a0a0-0000-7000-8000-000000000000", None)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.get("/api/v1/users/not-an-id", None).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(res.content_type(), "application/problem+json");
}

#[tokio::test]
async fn deleting_an_account_removes_personal_data_and_revokes_tokens() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["FREELANCER"]).await;
    app.patch(
        "/api/v1/users/me",
        Some(&ada.token),
        json!({"bio": "secret bio", "city": "London"}),
    )
    .await;
    app.post(
        "/api/v1/users/freelancer/skills",
        Some(&ada.token),
        json!({"newSkill": "Rust"}),
    )
    .await;
    let res = app.delete("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);

    assert_eq!(
        app.get(&format!("/api/v1/users/{}", ada.id), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/users/me", Some(&ada.token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            json!({"email": "ada@example.com", "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    let refresh = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refreshToken": ada.refresh_token}),
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    let evs = openlance_bus::outbox::payloads_of_kind(&app.state.db, "accounts.user_deleted")
        .await
        .unwrap();
    assert_eq!(evs.len(), 1);
    // The email is free again.
    let again = app.register("ada@example.com", &["CLIENT"]).await;
    assert_ne!(again.id, ada.id);
}
