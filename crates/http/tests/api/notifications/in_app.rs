//! The in-app list: newest first, page by page, with the unread count; marking one read and
//! all read; another person's notification is a 404 and never listed; bad input is a 4xx.

use openlance_http::testing::TestApp;
use serde_json::json;

use super::{proposal_for, relay_all};
use crate::jobs::assert_problem;

#[tokio::test]
async fn a_person_reads_and_marks_only_their_own_notifications() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let bob = app.register("bob@example.com", &["CLIENT"]).await;
    relay_all(&app).await; // the welcomes
    for n in 1..=4 {
        proposal_for(&app, &ada, n).await;
    }

    let res = app
        .get("/api/v1/notifications?limit=3", Some(&ada.token))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["unreadCount"], 5);
    let items = res.json["items"].as_array().unwrap();
    let links: Vec<_> = items.iter().map(|n| n["link"].as_str().unwrap()).collect();
    assert_eq!(
        links,
        ["/proposals/p-4", "/proposals/p-3", "/proposals/p-2"]
    );
    assert_eq!(items[0]["kind"], "proposal_received");
    assert_eq!(items[0]["read"], false);
    let cursor = res.json["nextCursor"].as_str().unwrap().to_string();
    let res = app
        .get(
            &format!("/api/v1/notifications?limit=3&cursor={cursor}"),
            Some(&ada.token),
        )
        .await;
    let titles: Vec<_> = res.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].clone())
        .collect();
    assert_eq!(
        titles,
        [
            json!("New proposal on your job"),
            json!("Welcome to Openlance")
        ]
    );
    assert!(res.json["nextCursor"].is_null());

    // Bob sees only his welcome and cannot read or mark Ada's.
    let res = app.get("/api/v1/notifications", Some(&bob.token)).await;
    assert_eq!(
        res.json["items"].as_array().unwrap().len(),
        1,
        "{}",
        res.text
    );
    let adas = items[0]["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/v1/notifications/{adas}/read"),
            Some(&bob.token),
            json!({}),
        )
        .await;
    assert_problem(&res, 404, "not_found");
    let res = app
        .post(
            "/api/v1/notifications/read-all",
            Some(&bob.token),
            json!({}),
        )
        .await;
    assert_eq!(res.json["marked"], 1, "{}", res.text);
    let res = app.get("/api/v1/notifications", Some(&ada.token)).await;
    assert_eq!(
        res.json["unreadCount"], 5,
        "Bob's read-all left Ada's alone"
    );

    let res = app
        .post(
            &format!("/api/v1/notifications/{adas}/read"),
            Some(&ada.token),
            json!({}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        (res.json["read"].clone(), res.json["id"].clone()),
        (json!(true), json!(adas))
    );
    let again = app
        .post(
            &format!("/api/v1/notifications/{adas}/read"),
            Some(&ada.token),
            json!({}),
        )
        .await;
    assert_eq!(
        (again.status.as_u16(), again.json["readAt"].clone()),
        (200, res.json["readAt"].clone())
    );
    let res = app
        .post(
            "/api/v1/notifications/read-all",
            Some(&ada.token),
            json!({}),
        )
        .await;
    assert_eq!(
        (res.json["marked"].clone(), res.json["unreadCount"].clone()),
        (json!(4), json!(0))
    );
}

#[tokio::test]
async fn bad_input_and_no_token_are_4xx() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    for uri in [
        "/api/v1/notifications?cursor=nope",
        "/api/v1/notifications?limit=0",
        "/api/v1/notifications?limit=x",
        "/api/v1/notifications?colour=red",
    ] {
        let res = app.get(uri, Some(&ada.token)).await;
        assert_problem(&res, 400, "");
    }
    let res = app
        .post(
            "/api/v1/notifications/not-an-id/read",
            Some(&ada.token),
            json!({}),
        )
        .await;
    assert_problem(&res, 400, "");
    let missing = uuid::Uuid::now_v7();
    let res = app
        .post(
            &format!("/api/v1/notifications/{missing}/read"),
            Some(&ada.token),
            json!({}),
        )
        .await;
    assert_problem(&res, 404, "not_found");
    for (method, uri) in [
        ("GET", "/api/v1/notifications"),
        ("POST", "/api/v1/notifications/read-all"),
        ("GET", "/api/v1/notifications/preferences"),
    ] {
        let res = app.call(method.parse().unwrap(), uri, None, None).await;
        assert_problem(&res, 401, "");
    }
}
