//! Bad input on every listing route: a 4xx problem document naming the field, and nothing
//! written.

use openlance_http::testing::TestApp;
use serde_json::{Value, json};

use super::{assert_problem, body, list, seller, uri};

#[tokio::test]
async fn a_bad_listing_is_a_400_naming_the_field_and_nothing_is_listed() {
    let app = TestApp::new().await;
    let anna = seller(&app, "anna").await;
    let cases: Vec<(Value, &str)> = vec![
        (
            body("x", json!({"price": {"amount": 0, "currency": "USD"}})),
            "price.amount",
        ),
        (
            body("x", json!({"price": {"amount": -100, "currency": "USD"}})),
            "price.amount",
        ),
        (
            body("x", json!({"price": {"amount": 100, "currency": "XYZ"}})),
            "",
        ),
        (
            body("x", json!({"price": {"amount": 1.5, "currency": "USD"}})),
            "",
        ),
        (body("x", json!({"price": 50})), ""),
        (body("x", json!({"depositPercent": 0})), "depositPercent"),
        (body("x", json!({"depositPercent": 101})), "depositPercent"),
        (body("x", json!({"delivery": {"days": 0}})), "delivery.days"),
        (
            body("x", json!({"delivery": {"days": 366}})),
            "delivery.days",
        ),
        (
            body("x", json!({"delivery": {"days": 3, "onDate": true}})),
            "delivery",
        ),
        (
            body("x", json!({"delivery": {"onDate": false}})),
            "delivery",
        ),
        (body("x", json!({"delivery": {}})), "delivery"),
        (body("x", json!({"delivery": {"weeks": 2}})), ""),
        (body("x", json!({"category": "GARDENING"})), ""),
        (body("x", json!({"remote": false})), "location"),
        (
            body("x", json!({"remote": false, "location": "  "})),
            "location",
        ),
        (
            body(
                "x",
                json!({"tags": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]}),
            ),
            "tags",
        ),
        (body("x", json!({"tags": ["<b>bold</b>"]})), "tags[0]"),
        (
            body("x", json!({"imageLinks": ["javascript:alert(1)"]})),
            "imageLinks[0]",
        ),
        (
            body("x", json!({"imageLinks": ["/relative.png"]})),
            "imageLinks[0]",
        ),
        (body("", json!({})), "title"),
        (body(&"t".repeat(201), json!({})), "title"),
        (body("x", json!({"description": " "})), "description"),
        (body("x", json!({"sellerId": "someone"})), ""),
        (body("x", json!({"title": 5})), ""),
        (json!({"title": "no price"}), ""),
    ];
    for (bad, field) in cases {
        let res = app
            .post("/api/v1/services", Some(&anna.token), bad.clone())
            .await;
        assert!(res.status.is_client_error(), "{bad}: {}", res.text);
        assert_problem(&res, 400, "");
        if !field.is_empty() {
            let fields: Vec<&str> = res.json["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            assert!(fields.contains(&field), "{bad}: {fields:?} lacks {field}");
        }
    }
    let res = app
        .call(
            axum::http::Method::POST,
            "/api/v1/services",
            Some(&anna.token),
            None,
        )
        .await;
    assert!(res.status.is_client_error(), "{}", res.text);
    let mine = app
        .get("/api/v1/users/me/services", Some(&anna.token))
        .await;
    assert_eq!(mine.json["items"], json!([]), "{}", mine.text);
}

#[tokio::test]
async fn a_bad_change_is_a_4xx_and_leaves_the_listing_as_it_was() {
    let app = TestApp::new().await;
    let anna = seller(&app, "anna").await;
    let service = list(&app, &anna, body("Yoga", json!({"location": "Lyon"}))).await;
    let page = uri(&service);
    let cases = [
        json!({"price": {"amount": 0, "currency": "USD"}}),
        json!({"depositPercent": 0}),
        json!({"delivery": {"days": 400}}),
        json!({"status": "ARCHIVED"}),
        json!({"status": "DELETED"}),
        json!({"title": ""}),
        json!({"remote": false, "location": null}),
        json!({"tags": ["ok", "not|ok"]}),
        json!({"imageLinks": ["ftp://x.example.com/a.png"]}),
        json!({"owner": "me"}),
        json!({"remote": "yes"}),
    ];
    for bad in cases {
        let res = app.patch(&page, Some(&anna.token), bad.clone()).await;
        assert_problem(&res, 400, "");
        assert!(!res.text.contains("internal"), "{bad}: {}", res.text);
    }
    let now = app.get(&page, None).await;
    assert_eq!(now.json["title"], "Yoga");
    assert_eq!(now.json["location"], "Lyon");
    assert_eq!(now.json["status"], "ACTIVE");
    assert_eq!(now.json["modifiedAt"], service["modifiedAt"]);

    for path in ["/api/v1/services/not-an-id", "/api/v1/services/123"] {
        assert_problem(&app.get(path, None).await, 400, "validation_failed");
        assert_problem(
            &app.patch(path, Some(&anna.token), json!({"title": "x"}))
                .await,
            400,
            "validation_failed",
        );
        assert_problem(
            &app.delete(path, Some(&anna.token)).await,
            400,
            "validation_failed",
        );
    }
    for query in [
        "status=GONE",
        "limit=0",
        "limit=101",
        "cursor=zzz",
        "unknown=1",
    ] {
        let res = app
            .get(
                &format!("/api/v1/users/me/services?{query}"),
                Some(&anna.token),
            )
            .await;
        assert_problem(&res, 400, "validation_failed");
    }
}
