//! The seller's listings page: pause, resume and archive one's own listing; someone
//! else's listing is the site's 404 and stays as it was (both engines).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use openlance_catalog::{Category, Delivery, ListingStatus, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_http::testing::TestApp;
use tower::ServiceExt;

const CSRF: &str = "cccccccccccccccccccccccccccccccccccccccccc";

fn post(path: &str, token: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::COOKIE,
            format!("openlance_session={token}; openlance_csrf={CSRF}"),
        )
        .body(Body::from(format!("csrf={CSRF}")))
        .unwrap()
}

#[tokio::test]
async fn a_seller_pauses_resumes_and_archives_only_their_own_listing() {
    let app = TestApp::new().await;
    let state = app.state.clone();
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let other = app.register("other@example.com", &["FREELANCER"]).await;
    let usd = Currency::parse("USD").unwrap();
    let listing = state
        .catalog
        .list_service(
            UserId::parse(&seller.id).unwrap(),
            NewListing {
                title: "Logo design".into(),
                description: "Three concepts.".into(),
                category: Category::Design,
                price: Money::new(25000, usd),
                deposit_percent: None,
                delivery: Delivery::Days(10),
                location: None,
                remote: true,
                tags: vec![],
                image_links: vec![],
            },
        )
        .await
        .unwrap();
    let site =
        openlance_http::router_with_site(state.clone(), Some(openlance_web::site(state.clone())));
    let status = || async {
        state
            .catalog
            .get(&listing.id)
            .await
            .unwrap()
            .unwrap()
            .status
    };

    let page = site
        .clone()
        .oneshot(
            Request::get("/sell")
                .header(
                    header::COOKIE,
                    format!("openlance_session={}", seller.token),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html =
        String::from_utf8_lossy(&page.into_body().collect().await.unwrap().to_bytes()).to_string();
    assert!(
        html.contains("Logo design") && html.contains("Pause"),
        "{html}"
    );

    let stranger = site
        .clone()
        .oneshot(post(&format!("/sell/{}/pause", listing.id), &other.token))
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(status().await, ListingStatus::Active);

    for (action, expected) in [
        ("pause", ListingStatus::Paused),
        ("resume", ListingStatus::Active),
        ("archive", ListingStatus::Archived),
    ] {
        let res = site
            .clone()
            .oneshot(post(
                &format!("/sell/{}/{action}", listing.id),
                &seller.token,
            ))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{action}");
        assert_eq!(status().await, expected, "{action}");
    }
}
