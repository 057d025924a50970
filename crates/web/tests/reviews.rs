//! Reviews on the website (both engines): both parties of a completed order review it
//! double-blind from the order page, the reviewed seller replies once, and the public
//! profile and the service page show the rating; strangers get 404s, logged-out visitors
//! are sent to log in, and every new form needs its CSRF token.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::http::StatusCode;
use common::{get, id, post, post_without_csrf, site};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn both_parties_review_double_blind_and_the_profile_shows_it() {
    let app = TestApp::new().await;
    let site = site(&app);
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let buyer = app.register("buyer@example.com", &["CLIENT"]).await;
    let (service, order) = common::completed_order(&app, &seller, &buyer).await;
    let page = format!("/orders/{order}");

    let before = get(&site, &page, &buyer.token).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.text.contains("double-blind"), "{}", before.text);
    assert!(before.text.contains("Send review"));

    let sent = post(
        &site,
        &format!("{page}/review"),
        &buyer.token,
        "rating=5&text=Rex+loved+it",
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(sent.location(), page);
    let mine = get(&site, &page, &buyer.token).await;
    assert!(mine.text.contains("Your review") && mine.text.contains("Rex loved it"));
    assert!(!mine.text.contains("Send review"), "one review each");
    // Hidden from the seller until they have written theirs.
    let theirs = get(&site, &page, &seller.token).await;
    assert!(!theirs.text.contains("Rex loved it"), "{}", theirs.text);
    assert!(theirs.text.contains("Send review"));

    let sent = post(
        &site,
        &format!("{page}/review"),
        &seller.token,
        "rating=4&text=Punctual",
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let both = get(&site, &page, &seller.token).await;
    assert!(both.text.contains("Rex loved it") && both.text.contains("Punctual"));
    assert!(both.text.contains("Your reply (once)"), "{}", both.text);

    let seen = app
        .state
        .reviews
        .order_reviews(id(&seller), &order.to_string())
        .await
        .unwrap();
    let about_seller = seen
        .reviews
        .iter()
        .find(|r| r.subject_id == id(&seller))
        .unwrap()
        .id;
    let reply = format!("{page}/reviews/{about_seller}/reply");
    let replied = post(&site, &reply, &seller.token, "text=Thank+you").await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER);
    let again = post(&site, &reply, &seller.token, "text=Twice").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "a refusal is a flash");
    // The buyer wrote the review: they cannot reply to it.
    let own = post(&site, &reply, &buyer.token, "text=Me+too").await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    let kept = app
        .state
        .reviews
        .order_reviews(id(&seller), &order.to_string())
        .await
        .unwrap();
    let kept = kept.reviews.iter().find(|r| r.id == about_seller).unwrap();
    assert_eq!(kept.reply.as_deref(), Some("Thank you"));

    let profile = get(&site, &format!("/users/{}", seller.id), "").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(
        profile
            .text
            .contains("<strong>5.0</strong> out of 5 from 1 review"),
        "{}",
        profile.text
    );
    assert!(profile.text.contains("Rex loved it") && profile.text.contains("Thank you"));
    assert!(
        profile.text.contains("Dog walking"),
        "the seller's listings"
    );
    let listing = get(&site, &format!("/services/{service}"), "").await;
    assert!(
        listing
            .text
            .contains(&format!("href=\"/users/{}\"", seller.id))
    );
    assert!(
        listing.text.contains("Rated 5.0 out of 5 (1 review)"),
        "{}",
        listing.text
    );
}

#[tokio::test]
async fn strangers_logged_out_visitors_and_forms_without_csrf_are_refused() {
    let app = TestApp::new().await;
    let site = site(&app);
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let buyer = app.register("buyer@example.com", &["CLIENT"]).await;
    let stranger = app.register("stranger@example.com", &["CLIENT"]).await;
    let (_, order) = common::completed_order(&app, &seller, &buyer).await;
    let page = format!("/orders/{order}");
    let fake_review = "00000000-0000-4000-8000-000000000000";

    for path in [
        format!("{page}/review"),
        format!("{page}/reviews/{fake_review}/reply"),
    ] {
        let res = post(&site, &path, &stranger.token, "rating=1&text=Bad").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        let res = post(&site, &path, "", "rating=1&text=Bad").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert!(res.location().starts_with("/login"), "{path}");
        let res = post_without_csrf(&site, &path, &buyer.token, "rating=1&text=Bad").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
    }
    let none = app
        .state
        .reviews
        .order_reviews(id(&buyer), &order.to_string())
        .await
        .unwrap();
    assert!(none.reviews.is_empty(), "nothing was written");
    for path in [
        "/users/not-an-id",
        "/users/00000000-0000-4000-8000-000000000000",
    ] {
        assert_eq!(
            get(&site, path, "").await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // A bad rating is a message on the order page, not an error page.
    let bad = post(&site, &format!("{page}/review"), &buyer.token, "rating=six").await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    assert_eq!(bad.location(), page);
}
