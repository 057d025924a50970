//! Search over HTTP: keywords (stemmed), each filter, each sort, cursor pages, bad queries.

use openlance_http::testing::TestApp;
use serde_json::json;

use super::{assert_problem, body, list, seller, titles};

#[tokio::test]
async fn search_finds_active_listings_by_keyword_filters_and_orders_with_cursor_pages() {
    let app = TestApp::new().await;
    let anna = seller(&app, "anna").await;
    let ben = seller(&app, "ben").await;
    list(&app, &anna, body("Math tutoring", json!({"category": "TUTORING", "price": {"amount": 3000, "currency": "USD"}, "location": "Cairo", "remote": false, "tags": ["algebra"]}))).await;
    list(&app, &anna, body("Logo design", json!({"category": "DESIGN", "price": {"amount": 9000, "currency": "USD"}, "description": "Designing logos for bakeries"}))).await;
    list(
        &app,
        &ben,
        body(
            "Physics tutoring",
            json!({"category": "TUTORING", "price": {"amount": 2000, "currency": "EUR"}}),
        ),
    )
    .await;
    list(&app, &ben, body("Web shops", json!({"category": "SOFTWARE", "price": {"amount": 5000, "currency": "USD"}, "location": "Cairo", "remote": true}))).await;

    let get = |q: &str| {
        let app = &app;
        let uri = format!("/api/v1/services?{q}");
        async move { titles(&app.get(&uri, None).await) }
    };
    assert_eq!(get("q=designed").await, ["Logo design"]);
    assert_eq!(get("q=ALGEBRA").await, ["Math tutoring"]);
    assert_eq!(get("q=tutors").await, ["Physics tutoring", "Math tutoring"]);
    assert_eq!(get("q=tutoring+logo").await, Vec::<String>::new());
    assert_eq!(
        get("category=TUTORING").await,
        ["Physics tutoring", "Math tutoring"]
    );
    assert_eq!(get("currency=eur").await, ["Physics tutoring"]);
    assert_eq!(
        get("minPrice=3000&maxPrice=5000&currency=USD").await,
        ["Web shops", "Math tutoring"]
    );
    assert_eq!(get("location=cairo").await, ["Web shops", "Math tutoring"]);
    assert_eq!(get("location=cairo&remote=false").await, ["Math tutoring"]);
    assert_eq!(get("remote=true&category=SOFTWARE").await, ["Web shops"]);
    assert_eq!(
        get(&format!("sellerId={}", ben.id)).await,
        ["Web shops", "Physics tutoring"]
    );
    assert_eq!(
        get("sort=price_asc&currency=USD").await,
        ["Math tutoring", "Web shops", "Logo design"]
    );
    assert_eq!(
        get("sort=price_desc&currency=USD").await,
        ["Logo design", "Web shops", "Math tutoring"]
    );
    assert_eq!(get("sort=best_match&q=tutoring").await.len(), 2);
    assert_eq!(get("sort=newest").await.len(), 4);

    // Cursor pages: every listing once, in order, for newest and for price.
    for (order, expected) in [
        (
            "newest",
            vec![
                "Web shops",
                "Physics tutoring",
                "Logo design",
                "Math tutoring",
            ],
        ),
        (
            "price_asc&currency=USD",
            vec!["Math tutoring", "Web shops", "Logo design"],
        ),
    ] {
        let mut seen = Vec::new();
        let mut uri = format!("/api/v1/services?limit=1&sort={order}");
        loop {
            let res = app.get(&uri, None).await;
            seen.extend(titles(&res));
            match res.json["nextCursor"].as_str() {
                Some(c) => uri = format!("/api/v1/services?limit=1&sort={order}&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(seen, expected);
    }
    let res = app.get("/api/v1/services?q=logo", None).await;
    assert_eq!(
        res.json["items"][0]["price"],
        json!({"amount": 9000, "currency": "USD"})
    );
    assert_eq!(res.json["items"][0]["sellerId"], anna.id);

    for bad in [
        "limit=0",
        "limit=abc",
        "category=GARDENING",
        "sort=random",
        "minPrice=100",
        "sort=price_asc",
        "minPrice=500&maxPrice=100&currency=USD",
        "currency=dollars",
        "sellerId=nobody",
        "remote=maybe",
        "cursor=zzz",
        "unknown=1",
    ] {
        assert_problem(
            &app.get(&format!("/api/v1/services?{bad}"), None).await,
            400,
            "validation_failed",
        );
    }
}
