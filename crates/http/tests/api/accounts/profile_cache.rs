//! Public profiles are served from the cache, and every change their owner makes shows at
//! once, through our routes and WorkUp's alike.

use axum::http::StatusCode;
use openlance_http::testing::TestApp;
use serde_json::json;

#[tokio::test]
async fn a_cached_public_profile_is_forgotten_when_its_owner_changes_it() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["FREELANCER"]).await;
    let url = format!("/api/v1/users/{}", ada.id);
    let key = format!("accounts:public_profile:{}", ada.id);

    let first = app.get(&url, None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        app.state.cache.get(&key).await.unwrap().is_some(),
        "the first read fills the cache"
    );
    let second = app.get(&url, None).await;
    assert_eq!(
        second.json, first.json,
        "the cached copy is the same profile"
    );
    assert_eq!(second.content_type(), "application/json");

    let res = app
        .patch(
            "/api/v1/users/me",
            Some(&ada.token),
            json!({"headline": "Rust engineer"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(app.get(&url, None).await.json["headline"], "Rust engineer");

    let res = app
        .post(
            "/api/v1/users/freelancer/skills",
            Some(&ada.token),
            json!({"newSkill": "Rust"}),
        )
        .await;
    assert!(res.status.is_success(), "{}", res.text);
    assert_eq!(app.get(&url, None).await.json["skills"], json!(["Rust"]));

    // A stranger's failed attempt does not disturb it; a stranger's own change does not
    // evict someone else's profile.
    let bob = app.register("bob@example.com", &["CLIENT"]).await;
    app.get(&url, None).await;
    app.patch(
        "/api/v1/users/me",
        Some(&bob.token),
        json!({"city": "Paris"}),
    )
    .await;
    assert!(app.state.cache.get(&key).await.unwrap().is_some());

    let res = app.delete("/api/v1/users/me", Some(&ada.token)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&url, None).await.status,
        StatusCode::NOT_FOUND,
        "a deleted profile is not served from the cache"
    );
}
