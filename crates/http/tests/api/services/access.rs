//! Who may do what: only a FREELANCER lists; only the seller changes, pauses or archives
//! (anyone else gets a 404, as if it did not exist); an archived listing is the seller's
//! alone; every change needs a token.

use openlance_http::testing::TestApp;
use serde_json::json;

use super::{assert_problem, body, client, list, seller, titles, uri};

#[tokio::test]
async fn only_a_freelancer_lists_and_only_the_seller_changes_a_listing() {
    let app = TestApp::new().await;
    let anna = seller(&app, "anna").await;
    let carl = client(&app, "carl").await;
    let both = app
        .register("bo@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let stranger = seller(&app, "stranger").await;

    assert_problem(
        &app.post(
            "/api/v1/services",
            Some(&carl.token),
            body("Nope", json!({})),
        )
        .await,
        403,
        "forbidden",
    );
    assert_problem(
        &app.post("/api/v1/services", None, body("Nope", json!({})))
            .await,
        401,
        "",
    );
    assert!(titles(&app.get("/api/v1/services", None).await).is_empty());
    list(&app, &both, body("Both roles may sell", json!({}))).await;

    let service = list(&app, &anna, body("Tutoring", json!({}))).await;
    let page = uri(&service);
    for token in [&stranger.token, &carl.token, &both.token] {
        let res = app
            .patch(&page, Some(token), json!({"title": "Stolen"}))
            .await;
        assert_problem(&res, 404, "not_found");
        assert_problem(
            &app.patch(&page, Some(token), json!({"status": "PAUSED"}))
                .await,
            404,
            "not_found",
        );
        assert_problem(&app.delete(&page, Some(token)).await, 404, "not_found");
    }
    assert_problem(
        &app.patch(&page, None, json!({"title": "Stolen"})).await,
        401,
        "",
    );
    assert_problem(&app.delete(&page, None).await, 401, "");
    let public = app.get(&page, Some(&stranger.token)).await;
    assert_eq!(
        (
            public.json["title"].as_str(),
            public.json["status"].as_str()
        ),
        (Some("Tutoring"), Some("ACTIVE"))
    );
    // A stranger's own page lists only their own listings.
    let theirs = app
        .get("/api/v1/users/me/services", Some(&stranger.token))
        .await;
    assert!(titles(&theirs).is_empty());
    assert_problem(&app.get("/api/v1/users/me/services", None).await, 401, "");

    app.delete(&page, Some(&anna.token)).await;
    for token in [
        Some(stranger.token.as_str()),
        Some(carl.token.as_str()),
        None,
    ] {
        assert_problem(&app.get(&page, token).await, 404, "not_found");
    }
    let unknown = format!("/api/v1/services/{}", uuid::Uuid::now_v7());
    assert_problem(&app.get(&unknown, None).await, 404, "not_found");
    assert_problem(
        &app.patch(&unknown, Some(&anna.token), json!({"title": "x"}))
            .await,
        404,
        "not_found",
    );
}
