//! Every orders route with no token, a stranger's token and the wrong party's token,
//! and bad input: 401, 404, 403 and 400, and nothing changes.

use axum::http::Method;
use openlance_accounts::Role;
use serde_json::{Value, json};

use super::{act, admin, get_now, list_service, order_uri, shop, status_of, user, walk, wallet};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn a_stranger_finds_no_order_and_moves_nothing() {
    let app = TestApp::new().await;
    let s = shop(&app, "sam", 2_000).await;
    let requested = walk(&app, &s, "REQUESTED").await;
    let delivered = walk(&app, &s, "DELIVERED").await;
    let stranger = user(&app, "stranger", &[Role::Client, Role::Freelancer]).await;
    let mut routes: Vec<(Method, String, Option<Value>)> =
        vec![(Method::GET, format!("/api/v1/orders/{requested}"), None)];
    for order in [&requested, &delivered] {
        for (action, body) in [
            ("accept", None),
            ("decline", Some(json!({"reason": "no"}))),
            ("cancel", Some(json!({}))),
            (
                "pay-deposit",
                Some(json!({"paymentMethod": "pm_card_visa"})),
            ),
            ("deliver", None),
            ("complete", Some(json!({}))),
            ("dispute", Some(json!({"reason": "bad"}))),
            ("pay-balance", Some(json!({}))),
        ] {
            routes.push((Method::POST, order_uri(order, action), body));
        }
    }
    for (method, uri, body) in &routes {
        let res = app
            .call(method.clone(), uri, Some(&stranger.token), body.clone())
            .await;
        assert_eq!(res.status, 404, "{method} {uri}: {}", res.text);
        let res = app.call(method.clone(), uri, None, body.clone()).await;
        assert_eq!(res.status, 401, "{method} {uri}: {}", res.text);
    }
    let mine = app.get("/api/v1/orders", Some(&stranger.token)).await;
    assert_eq!(mine.json["items"], json!([]));
    assert_eq!(status_of(&app, &s.buyer, &requested).await, "REQUESTED");
    assert_eq!(status_of(&app, &s.buyer, &delivered).await, "DELIVERED");
    assert_eq!(wallet(&app, &stranger).await, (0, 0), "no card charged");
}

#[tokio::test]
async fn the_wrong_party_is_refused_with_a_403_and_nothing_moves() {
    let app = TestApp::new().await;
    let s = shop(&app, "wes", 2_000).await;
    let requested = walk(&app, &s, "REQUESTED").await;
    let accepted = walk(&app, &s, "ACCEPTED").await;
    let paid = walk(&app, &s, "DEPOSIT_PAID").await;
    let delivered = walk(&app, &s, "DELIVERED").await;
    let cases = [
        (&s.buyer, &requested, "accept", "REQUESTED"),
        (&s.buyer, &requested, "decline", "REQUESTED"),
        (&s.seller, &requested, "cancel", "REQUESTED"),
        (&s.seller, &accepted, "pay-deposit", "ACCEPTED"),
        (&s.buyer, &paid, "deliver", "DEPOSIT_PAID"),
        (&s.seller, &delivered, "complete", "DELIVERED"),
        (&s.seller, &delivered, "dispute", "DELIVERED"),
        (&s.seller, &delivered, "pay-balance", "DELIVERED"),
    ];
    for (who, order, action, state) in cases {
        let res = act(&app, who, order, action).await;
        assert_eq!(res.status, 403, "{action}: {}", res.text);
        assert_eq!(res.code(), "forbidden");
        assert_eq!(status_of(&app, &s.buyer, order).await, state);
    }
    assert_eq!(wallet(&app, &s.seller).await, (0, 0));
}

#[tokio::test]
async fn admin_routes_are_403_for_everyone_but_an_admin() {
    let app = TestApp::new().await;
    let s = shop(&app, "ada", 2_000).await;
    let disputed = walk(&app, &s, "DISPUTED").await;
    let note = json!({"note": "because"});
    for who in [&s.buyer, &s.seller] {
        for uri in [
            format!("/api/v1/admin/orders/{disputed}/cancel"),
            format!("/api/v1/admin/disputes/{disputed}/release"),
            format!("/api/v1/admin/disputes/{disputed}/refund"),
        ] {
            let res = app.post(&uri, Some(&who.token), note.clone()).await;
            assert_eq!(res.status, 403, "{uri}: {}", res.text);
        }
        let list = app.get("/api/v1/admin/disputes", Some(&who.token)).await;
        assert_eq!(list.status, 403, "{}", list.text);
    }
    let root = admin(&app).await;
    let list = app.get("/api/v1/admin/disputes", Some(&root.token)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.json["items"][0]["id"], disputed);
    assert_eq!(list.json["items"][0]["disputeReason"], "not this time");
    assert_eq!(status_of(&app, &s.buyer, &disputed).await, "DISPUTED");
}

#[tokio::test]
async fn bad_input_is_a_400_and_changes_nothing() {
    let app = TestApp::new().await;
    let s = shop(&app, "bea", 2_000).await;
    let order = get_now(&app, &s.buyer, &s.service).await;
    let base = format!("/api/v1/services/{}/orders", s.service);
    for body in [
        json!({}),
        json!({"requirements": ""}),
        json!({"requirements": "x", "extra": 1}),
        json!({"requirements": "x", "scheduledFor": "tomorrow"}),
        json!({"requirements": "x", "scheduledFor": "2000-01-01T00:00:00Z"}),
        json!({"requirements": 5}),
    ] {
        let res = app.post(&base, Some(&s.buyer.token), body.clone()).await;
        assert_eq!(res.status, 400, "{body}: {}", res.text);
    }
    for (uri, body) in [
        (order_uri(&order, "decline"), json!({"reason": "  "})),
        (order_uri(&order, "decline"), json!({})),
        (order_uri(&order, "cancel"), json!({"why": "x"})),
        (
            order_uri(&order, "pay-deposit"),
            json!({"paymentMethod": 7}),
        ),
        (order_uri("not-an-id", "cancel"), json!({})),
    ] {
        let res = app.post(&uri, Some(&s.seller.token), body.clone()).await;
        assert_eq!(res.status, 400, "{uri} {body}: {}", res.text);
    }
    for query in [
        "role=admin",
        "status=PAID",
        "limit=0",
        "limit=101",
        "cursor=garbage",
        "colour=red",
    ] {
        let res = app
            .get(&format!("/api/v1/orders?{query}"), Some(&s.buyer.token))
            .await;
        assert_eq!(res.status, 400, "{query}: {}", res.text);
    }
    let res = app
        .get("/api/v1/orders/not-an-id", Some(&s.buyer.token))
        .await;
    assert_eq!(res.status, 400, "{}", res.text);
    let mine = app.get("/api/v1/orders", Some(&s.buyer.token)).await;
    assert_eq!(mine.json["items"].as_array().unwrap().len(), 1);
    assert_eq!(status_of(&app, &s.buyer, &order).await, "REQUESTED");
}

#[tokio::test]
async fn a_seller_cannot_order_their_own_service_nor_anyone_a_paused_one() {
    let app = TestApp::new().await;
    let s = shop(&app, "own", 2_000).await;
    let uri = format!("/api/v1/services/{}/orders", s.service);
    let own = app
        .post(&uri, Some(&s.seller.token), json!({"requirements": "mine"}))
        .await;
    assert_eq!(
        (own.status.as_u16(), own.code()),
        (409, "own_service"),
        "{}",
        own.text
    );
    let paused = app
        .patch(
            &format!("/api/v1/services/{}", s.service),
            Some(&s.seller.token),
            json!({"status": "PAUSED"}),
        )
        .await;
    assert_eq!(paused.status, 200, "{}", paused.text);
    let res = app
        .post(
            &uri,
            Some(&s.buyer.token),
            json!({"requirements": "please"}),
        )
        .await;
    assert_eq!(
        (res.status.as_u16(), res.code()),
        (409, "service_not_orderable"),
        "{}",
        res.text
    );
    let missing = app
        .post(
            "/api/v1/services/0190b2a4-0000-7000-8000-000000000000/orders",
            Some(&s.buyer.token),
            json!({"requirements": "please"}),
        )
        .await;
    assert_eq!(missing.status, 404, "{}", missing.text);
    let other = list_service(&app, &s.seller, 3_000, 20).await;
    let archived = app
        .delete(&format!("/api/v1/services/{other}"), Some(&s.seller.token))
        .await;
    assert!(archived.status.is_success(), "{}", archived.text);
    let res = app
        .post(
            &format!("/api/v1/services/{other}/orders"),
            Some(&s.buyer.token),
            json!({"requirements": "please"}),
        )
        .await;
    assert_eq!(res.code(), "service_not_orderable", "{}", res.text);
    let mine = app.get("/api/v1/orders", Some(&s.buyer.token)).await;
    assert_eq!(mine.json["items"], json!([]));
}
