//! The seller's listings page: edit, pause, resume and archive one's own listing; someone
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
    post_form(path, token, &format!("csrf={CSRF}"))
}

fn post_form(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::COOKIE,
            format!("openlance_session={token}; openlance_csrf={CSRF}"),
        )
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn get(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, format!("openlance_session={token}"))
        .body(Body::empty())
        .unwrap()
}

async fn html(res: axum::response::Response) -> String {
    String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).to_string()
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

#[tokio::test]
async fn a_seller_edits_only_their_own_listing_and_bad_input_changes_nothing() {
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
                tags: vec!["logo".into()],
                image_links: vec![],
            },
        )
        .await
        .unwrap();
    let site =
        openlance_http::router_with_site(state.clone(), Some(openlance_web::site(state.clone())));
    let edit = format!("/sell/{}/edit", listing.id);
    let current = || async { state.catalog.get(&listing.id).await.unwrap().unwrap() };

    // The form comes filled with what the listing says now.
    let form = site
        .clone()
        .oneshot(get(&edit, &seller.token))
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let page = html(form).await;
    assert!(
        page.contains("value=\"250.00\"") && page.contains("Three concepts."),
        "{page}"
    );

    let changed = format!(
        "csrf={CSRF}&title=Logo+and+brand+design&description=Three+concepts+and+a+style+guide.\
         &category=DESIGN&price=300&currency=USD&deposit_percent=40&days=14&remote=true&tags=logo"
    );
    // Someone else's listing: the site's 404 on the form and the save, nothing changes.
    for req in [
        get(&edit, &other.token),
        post_form(&edit, &other.token, &changed),
    ] {
        let res = site.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    // No CSRF token: refused.
    let forged = site
        .clone()
        .oneshot(post_form(
            &edit,
            &seller.token,
            &changed.replace(&format!("csrf={CSRF}&"), ""),
        ))
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // A bad price: the form again with the problem, nothing written.
    let bad = site
        .clone()
        .oneshot(post_form(
            &edit,
            &seller.token,
            &changed.replace("price=300", "price=lots"),
        ))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(html(bad).await.contains("price"));
    assert_eq!(current().await.price.amount, 25000);

    let saved = site
        .clone()
        .oneshot(post_form(&edit, &seller.token, &changed))
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let now = current().await;
    assert_eq!(now.title, "Logo and brand design");
    assert_eq!(now.price.amount, 30000);
    assert_eq!(now.deposit_percent, 40);
    assert_eq!(now.delivery, Delivery::Days(14));
}
