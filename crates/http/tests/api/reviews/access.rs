//! Every reviews route with no token and a stranger's token (401 and 404, nothing
//! written), and an order that is not completed yet (409).

use axum::http::Method;
use openlance_accounts::Role;
use serde_json::{Value, json};

use super::{completed, review, reviews_uri, seen_by};
use crate::orders::{shop, user, walk};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn a_stranger_finds_no_order_and_no_review_to_reply_to() {
    let app = TestApp::new().await;
    let s = shop(&app, "sal", 2_000).await;
    let order = completed(&app, &s).await;
    let by_buyer = review(&app, &s.buyer, &order, 4, "Good").await;
    let by_seller = review(&app, &s.seller, &order, 5, "Good").await;
    let stranger = user(&app, "stranger", &[Role::Client, Role::Freelancer]).await;
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, reviews_uri(&order), None),
        (
            Method::POST,
            reviews_uri(&order),
            Some(json!({"rating": 1, "text": "never met them"})),
        ),
        (
            Method::POST,
            format!(
                "/api/v1/reviews/{}/reply",
                by_buyer.json["id"].as_str().unwrap()
            ),
            Some(json!({"text": "who are you"})),
        ),
        (
            Method::POST,
            format!(
                "/api/v1/reviews/{}/reply",
                by_seller.json["id"].as_str().unwrap()
            ),
            Some(json!({"text": "who are you"})),
        ),
    ];
    for (method, uri, body) in &routes {
        let res = app
            .call(method.clone(), uri, Some(&stranger.token), body.clone())
            .await;
        assert_eq!(res.status, 404, "{method} {uri}: {}", res.text);
        assert_eq!(res.content_type(), "application/problem+json");
        let res = app.call(method.clone(), uri, None, body.clone()).await;
        assert_eq!(res.status, 401, "{method} {uri}: {}", res.text);
    }
    assert_eq!(seen_by(&app, &s.buyer, &order).await.len(), 2);
    let public = app
        .get(&format!("/api/v1/services/{}/reviews", s.service), None)
        .await;
    assert!(
        public.json["items"][0]["reply"].is_null(),
        "no reply was kept"
    );
    let theirs = app
        .get(&format!("/api/v1/users/{}/reviews", stranger.id), None)
        .await;
    assert_eq!(theirs.json["items"], json!([]));
}

#[tokio::test]
async fn an_order_is_reviewed_only_once_completed() {
    let app = TestApp::new().await;
    let s = shop(&app, "ned", 2_000).await;
    for state in ["REQUESTED", "DELIVERED", "DISPUTED"] {
        let order = walk(&app, &s, state).await;
        for who in [&s.buyer, &s.seller] {
            let res = review(&app, who, &order, 5, "early").await;
            assert_eq!(
                (res.status.as_u16(), res.code()),
                (409, "order_not_completed"),
                "{state}: {}",
                res.text
            );
        }
        let read = app.get(&reviews_uri(&order), Some(&s.seller.token)).await;
        assert_eq!(read.json["mayReview"], false);
        assert!(read.json["closesAt"].is_null());
        assert_eq!(read.json["reviews"], json!([]));
    }
}
