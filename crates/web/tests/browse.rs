//! Browsing services on the website (both engines): a price range in one currency and the
//! order the visitor picks; a price that is not a number is said next to the filters.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::http::StatusCode;
use common::{get, id, site};
use openlance_catalog::{Category, Delivery, NewListing};
use openlance_core::{Currency, Money};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn services_filter_by_price_and_sort_by_price() {
    let app = TestApp::new().await;
    let site = site(&app);
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let usd = Currency::parse("USD").unwrap();
    for (title, cents) in [("Walk A", 3_000), ("Walk B", 9_000), ("Walk C", 6_000)] {
        app.state
            .catalog
            .list_service(
                id(&seller),
                NewListing {
                    title: title.into(),
                    description: "Dog walking in the park.".into(),
                    category: Category::HomeAndPets,
                    price: Money::new(cents, usd),
                    deposit_percent: None,
                    delivery: Delivery::Days(1),
                    location: None,
                    remote: true,
                    tags: vec![],
                    image_links: vec![],
                },
            )
            .await
            .unwrap();
    }
    let order_of = |text: &str| {
        let mut found: Vec<(usize, &str)> = ["Walk A", "Walk B", "Walk C"]
            .into_iter()
            .filter_map(|t| text.find(t).map(|at| (at, t)))
            .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };

    let cheap_first = get(&site, "/services?sort=price_asc&currency=USD", "").await;
    assert_eq!(cheap_first.status, StatusCode::OK);
    assert_eq!(order_of(&cheap_first.text), ["Walk A", "Walk C", "Walk B"]);
    let dear_first = get(&site, "/services?sort=price_desc&currency=USD", "").await;
    assert_eq!(order_of(&dear_first.text), ["Walk B", "Walk C", "Walk A"]);
    let range = get(&site, "/services?min=50&max=90.00&currency=USD", "").await;
    // Newest first when no order is picked.
    assert_eq!(order_of(&range.text), ["Walk C", "Walk B"]);

    let bad = get(&site, "/services?min=cheap", "").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(
        bad.text.contains("Lowest price: write a number"),
        "{}",
        bad.text
    );
}
