//! The review window by the clock: a lone review shows when the window closes, and no
//! review is taken after it.

use chrono::Duration;
use serde_json::json;

use super::{completed, rating, review, reviews_uri, seen_by};
use crate::orders::{shop, sign_in_again};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn a_lone_review_shows_when_the_window_closes_and_then_none_is_taken() {
    let app = TestApp::new().await;
    let mut s = shop(&app, "win", 5_000).await;
    let order = completed(&app, &s).await;
    let lone = review(&app, &s.buyer, &order, 2, "Late twice.").await;
    assert_eq!(lone.status, 201, "{}", lone.text);
    let service_reviews = format!("/api/v1/services/{}/reviews", s.service);

    app.clock.advance(Duration::days(14) - Duration::seconds(1));
    sign_in_again(&app, &mut s.buyer).await;
    sign_in_again(&app, &mut s.seller).await;
    assert!(seen_by(&app, &s.seller, &order).await.is_empty());
    let public = app.get(&service_reviews, None).await;
    assert_eq!(rating(&public.json["rating"]), (None, 0));

    app.clock.advance(Duration::seconds(1));
    assert_eq!(
        seen_by(&app, &s.seller, &order).await,
        std::slice::from_ref(&s.buyer.id)
    );
    let public = app.get(&service_reviews, None).await;
    assert_eq!(public.json["items"][0]["id"], lone.json["id"]);
    assert_eq!(rating(&public.json["rating"]), (Some(2.0), 1));
    let profile = app
        .get(&format!("/api/v1/users/{}", s.seller.id), None)
        .await;
    assert_eq!(rating(&profile.json["rating"]), (Some(2.0), 1));

    let late = review(&app, &s.seller, &order, 5, "Too late").await;
    assert_eq!(
        (late.status.as_u16(), late.code()),
        (409, "review_window_closed")
    );
    let read = app.get(&reviews_uri(&order), Some(&s.seller.token)).await;
    assert_eq!(read.json["mayReview"], false);
    assert_eq!(read.json["reviews"].as_array().unwrap().len(), 1);

    let reply = app
        .post(
            &format!(
                "/api/v1/reviews/{}/reply",
                lone.json["id"].as_str().unwrap()
            ),
            Some(&s.seller.token),
            json!({"text": "Sorry, the bus."}),
        )
        .await;
    assert_eq!(
        reply.status, 200,
        "the window closing made it visible: {}",
        reply.text
    );
}
