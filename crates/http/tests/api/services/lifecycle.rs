//! A seller lists a service, changes it, pauses and resumes it, and archives it; what the
//! public, the seller and search see at each step.

use axum::body::Body;
use axum::http::{Method, Request, header};
use openlance_http::testing::TestApp;
use serde_json::json;

use super::{assert_problem, body, list, seller, titles, uri};

#[tokio::test]
async fn a_seller_lists_changes_pauses_resumes_and_archives_a_service() {
    let app = TestApp::new().await;
    let anna = seller(&app, "anna").await;
    let created = list(
        &app,
        &anna,
        body(
            "Dog walking",
            json!({"category": "HOME_AND_PETS", "location": "Berlin", "remote": false,
                   "tags": ["Dogs", "walks"], "imageLinks": ["https://img.example.com/rex.jpg"],
                   "delivery": {"onDate": true}}),
        ),
    )
    .await;
    assert_eq!(created["sellerId"], anna.id);
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(created["orderable"], true);
    assert_eq!(created["depositPercent"], 50);
    assert_eq!(created["delivery"], json!({"onDate": true}));
    assert_eq!(created["tags"], json!(["dogs", "walks"]));
    assert_eq!(created["price"], json!({"amount": 5000, "currency": "USD"}));
    let page = uri(&created);

    // Anyone sees it, with the seller's public profile.
    let public = app.get(&page, None).await;
    assert_eq!(public.status, 200, "{}", public.text);
    assert_eq!(public.json["title"], "Dog walking");
    assert_eq!(public.json["seller"]["id"], anna.id);
    assert_eq!(public.json["seller"]["name"], "anna");
    assert!(
        public.json["seller"].get("email").is_none(),
        "{}",
        public.text
    );

    // Changes: only what is sent; a new price applies to new orders only.
    let res = app
        .patch(&page, Some(&anna.token), json!({"price": {"amount": 6500, "currency": "USD"}, "depositPercent": 30, "delivery": {"days": 2}}))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["price"]["amount"], 6500);
    assert_eq!(res.json["depositPercent"], 30);
    assert_eq!(res.json["delivery"], json!({"days": 2}));
    assert_eq!(res.json["location"], "Berlin");
    let res = app
        .patch(
            &page,
            Some(&anna.token),
            json!({"location": null, "remote": true}),
        )
        .await;
    assert_eq!(res.json["location"], json!(null), "{}", res.text);
    assert_eq!(res.json["remote"], true);

    // Paused: still shown, not orderable, not found.
    let res = app
        .patch(&page, Some(&anna.token), json!({"status": "PAUSED"}))
        .await;
    assert_eq!(
        (res.json["status"].as_str(), res.json["orderable"].as_bool()),
        (Some("PAUSED"), Some(false))
    );
    let public = app.get(&page, None).await;
    assert_eq!(
        (public.status.as_u16(), public.json["orderable"].as_bool()),
        (200, Some(false))
    );
    assert!(titles(&app.get("/api/v1/services?q=dog", None).await).is_empty());
    let res = app
        .patch(&page, Some(&anna.token), json!({"status": "ACTIVE"}))
        .await;
    assert_eq!(res.json["status"], "ACTIVE", "{}", res.text);
    assert_eq!(
        titles(&app.get("/api/v1/services?q=dogs", None).await),
        ["Dog walking"]
    );

    // Archived: gone for everyone but its seller; final.
    let res = app.delete(&page, Some(&anna.token)).await;
    assert_eq!(res.status, 204, "{}", res.text);
    assert!(res.text.is_empty());
    assert_problem(&app.get(&page, None).await, 404, "not_found");
    let mine = app.get(&page, Some(&anna.token)).await;
    assert_eq!(
        (mine.status.as_u16(), mine.json["status"].as_str()),
        (200, Some("ARCHIVED"))
    );
    assert!(titles(&app.get("/api/v1/services", None).await).is_empty());
    let again = app.delete(&page, Some(&anna.token)).await;
    assert_problem(&again, 409, "invalid_transition");
    assert!(
        again.json["detail"].as_str().unwrap().contains("ARCHIVED"),
        "{}",
        again.text
    );
    assert_problem(
        &app.patch(&page, Some(&anna.token), json!({"status": "ACTIVE"}))
            .await,
        409,
        "invalid_transition",
    );
    assert_problem(
        &app.patch(&page, Some(&anna.token), json!({"title": "Back"}))
            .await,
        409,
        "service_archived",
    );

    // The seller's own page: every status, newest first, filtered by status on request.
    let other = list(&app, &anna, body("Cat sitting", json!({}))).await;
    let res = app
        .get("/api/v1/users/me/services?limit=1", Some(&anna.token))
        .await;
    assert_eq!(titles(&res), ["Cat sitting"]);
    let cursor = res.json["nextCursor"].as_str().unwrap();
    let res = app
        .get(
            &format!("/api/v1/users/me/services?limit=1&cursor={cursor}"),
            Some(&anna.token),
        )
        .await;
    assert_eq!(titles(&res), ["Dog walking"]);
    assert_eq!(res.json["nextCursor"], json!(null));
    let res = app
        .get(
            "/api/v1/users/me/services?status=ARCHIVED",
            Some(&anna.token),
        )
        .await;
    assert_eq!(titles(&res), ["Dog walking"]);
    assert_eq!(other["status"], "ACTIVE");
}

#[tokio::test]
async fn a_repeated_create_with_an_idempotency_key_lists_once() {
    let app = TestApp::new().await;
    let anna = seller(&app, "anna").await;
    let send = || {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/services")
            .header(header::AUTHORIZATION, format!("Bearer {}", anna.token))
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", "list-logo-1")
            .body(Body::from(body("Logo", json!({})).to_string()))
            .unwrap()
    };
    let first = app.send(send()).await;
    let second = app.send(send()).await;
    assert_eq!(
        (first.status.as_u16(), second.status.as_u16()),
        (201, 201),
        "{}",
        second.text
    );
    assert_eq!(first.json["id"], second.json["id"]);
    assert_eq!(second.headers["idempotent-replayed"], "true");
    let mine = app
        .get("/api/v1/users/me/services", Some(&anna.token))
        .await;
    assert_eq!(titles(&mine), ["Logo"]);
}

#[tokio::test]
async fn double_clicks_on_pause_and_archive_move_the_listing_once() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let anna = seller(&app, "anna").await;
    let page = uri(&list(&app, &anna, body("Moving help", json!({}))).await);
    let at_once = |method: Method, body: Option<serde_json::Value>| {
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (app, page, token, body) =
                    (app.clone(), page.clone(), anna.token.clone(), body.clone());
                let method = method.clone();
                tokio::spawn(async move {
                    app.call(method, &page, Some(&token), body)
                        .await
                        .status
                        .as_u16()
                })
            })
            .collect();
        async move {
            let mut statuses = Vec::new();
            for t in tasks {
                statuses.push(t.await.unwrap());
            }
            statuses
        }
    };
    // PATCH is idempotent: every pause answers 200; the listing moved once.
    let pauses = at_once(Method::PATCH, Some(json!({"status": "PAUSED"}))).await;
    assert!(pauses.iter().all(|s| *s == 200), "{pauses:?}");
    let deletes = at_once(Method::DELETE, None).await;
    assert_eq!(
        deletes.iter().filter(|s| **s == 204).count(),
        1,
        "{deletes:?}"
    );
    assert!(
        deletes.iter().all(|s| *s == 204 || *s == 409),
        "{deletes:?}"
    );
    let kinds: Vec<String> = {
        use openlance_storage::Row;
        let rows = sqlx::query("SELECT kind FROM outbox WHERE kind LIKE 'catalog.%' ORDER BY seq")
            .fetch_all(app.state.db.reader())
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get("kind").unwrap()).collect()
    };
    assert_eq!(
        kinds,
        [
            "catalog.service_listed",
            "catalog.service_paused",
            "catalog.service_archived"
        ]
    );
}
