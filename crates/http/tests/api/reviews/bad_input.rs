//! Bad input on every reviews route: a 4xx problem+json naming the field, and nothing
//! written.

use openlance_accounts::Role;
use serde_json::{Value, json};

use super::{completed, review, reviews_uri, seen_by};
use crate::orders::{shop, user};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn bad_reviews_and_replies_are_4xx_problems_and_write_nothing() {
    let app = TestApp::new().await;
    let s = shop(&app, "bad", 2_000).await;
    let order = completed(&app, &s).await;
    let uri = reviews_uri(&order);
    let bodies: [(Value, &str); 8] = [
        (json!({"rating": 0}), "rating"),
        (json!({"rating": 6, "text": "six"}), "rating"),
        (json!({"rating": 4.5}), "rating"),
        (json!({"rating": "five"}), "rating"),
        (json!({"text": "no stars"}), ""),
        (json!({"rating": 5, "text": "x".repeat(5001)}), "text"),
        (json!({"rating": 5, "stars": 5}), ""),
        (json!({"rating": 5, "text": 12}), "text"),
    ];
    for (body, field) in &bodies {
        let res = app.post(&uri, Some(&s.buyer.token), body.clone()).await;
        assert_eq!(res.status, 400, "{body}: {}", res.text);
        assert_eq!(res.content_type(), "application/problem+json");
        if !field.is_empty() {
            assert_eq!(
                res.json["errors"][0]["field"], *field,
                "{body}: {}",
                res.text
            );
        }
    }
    let not_json = app
        .send(
            axum::http::Request::post(&uri)
                .header("authorization", format!("Bearer {}", s.buyer.token))
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{\"rating\":"))
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, 400);
    let malformed = review(&app, &s.buyer, "not-an-order", 5, "x").await;
    assert_eq!(malformed.status, 400, "{}", malformed.text);
    let read = app
        .get(&reviews_uri("not-an-order"), Some(&s.buyer.token))
        .await;
    assert_eq!(read.status, 400, "{}", read.text);
    assert!(
        seen_by(&app, &s.buyer, &order).await.is_empty(),
        "nothing written"
    );

    let mine = review(&app, &s.buyer, &order, 3, "Okay").await;
    review(&app, &s.seller, &order, 3, "Okay").await;
    let reply_uri = format!(
        "/api/v1/reviews/{}/reply",
        mine.json["id"].as_str().unwrap()
    );
    for body in [
        json!({"text": "   "}),
        json!({"text": "x".repeat(2001)}),
        json!({}),
        json!({"text": "ok", "extra": true}),
    ] {
        let res = app
            .post(&reply_uri, Some(&s.seller.token), body.clone())
            .await;
        assert_eq!(res.status, 400, "{body}: {}", res.text);
    }
    let res = app
        .post(
            "/api/v1/reviews/nope/reply",
            Some(&s.seller.token),
            json!({"text": "hi"}),
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.text);
    let public = app
        .get(&format!("/api/v1/services/{}/reviews", s.service), None)
        .await;
    assert!(
        public.json["items"][0]["reply"].is_null(),
        "no reply was kept"
    );

    let stranger = user(&app, "reader", &[Role::Client]).await;
    for query in [
        format!("/api/v1/services/{}/reviews?cursor=nope", s.service),
        format!("/api/v1/services/{}/reviews?limit=0", s.service),
        format!("/api/v1/services/{}/reviews?sort=new", s.service),
        "/api/v1/services/not-a-service/reviews".to_string(),
        format!("/api/v1/users/{}/reviews?role=admin", s.seller.id),
        format!("/api/v1/users/{}/reviews?limit=101", s.seller.id),
        "/api/v1/users/not-a-user/reviews".to_string(),
    ] {
        let res = app.get(&query, Some(&stranger.token)).await;
        assert_eq!(res.status, 400, "{query}: {}", res.text);
        assert_eq!(res.content_type(), "application/problem+json");
    }
}
