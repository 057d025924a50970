//! The booking from "Get now" to COMPLETED through our routes: the seller confirms, the
//! buyer pays the deposit by card, the seller delivers, the buyer completes paying the
//! balance from the wallet; the seller's wallet shows the price minus the 10% fee, the
//! history lists every step, the lists filter by side and state, the ledger balances.

use serde_json::json;

use super::{act, assert_ledger_balanced, get_now, order_uri, shop, status_of, top_up, wallet};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn a_booking_goes_from_get_now_to_completed_and_pays_the_seller_price_minus_fee() {
    let app = TestApp::new().await;
    let s = shop(&app, "walk", 8_000).await;

    let placed = app
        .post(
            &format!("/api/v1/services/{}/orders", s.service),
            Some(&s.buyer.token),
            json!({"requirements": "Mornings please", "scheduledFor": "2031-05-01T09:00:00Z"}),
        )
        .await;
    assert_eq!(placed.status, 201, "{}", placed.text);
    let order = placed.json["id"].as_str().unwrap().to_string();
    assert_eq!(placed.json["status"], "REQUESTED");
    assert_eq!(placed.json["serviceTitle"], "Dog walking in the park");
    assert_eq!(
        placed.json["price"],
        json!({"amount": 8_000, "currency": "USD"})
    );
    assert_eq!(
        placed.json["deposit"],
        json!({"amount": 4_000, "currency": "USD"})
    );
    assert_eq!(
        placed.json["balance"],
        json!({"amount": 4_000, "currency": "USD"})
    );
    assert_eq!(placed.json["scheduledFor"], "2031-05-01T09:00:00Z");
    assert_eq!(placed.json["sellerId"], s.seller.id);

    let incoming = app
        .get(
            "/api/v1/orders?role=seller&status=REQUESTED",
            Some(&s.seller.token),
        )
        .await;
    assert_eq!(incoming.status, 200, "{}", incoming.text);
    assert_eq!(incoming.json["items"][0]["id"], order);
    let none = app
        .get("/api/v1/orders?role=buyer", Some(&s.seller.token))
        .await;
    assert_eq!(none.json["items"], json!([]));

    let accepted = act(&app, &s.seller, &order, "accept").await;
    assert_eq!(accepted.json["status"], "ACCEPTED", "{}", accepted.text);
    let deposit = app
        .post(
            &order_uri(&order, "pay-deposit"),
            Some(&s.buyer.token),
            json!({"paymentMethod": "pm_card_visa"}),
        )
        .await;
    assert_eq!(deposit.status, 200, "{}", deposit.text);
    assert_eq!(deposit.json["status"], "DEPOSIT_PAID");
    assert_eq!(wallet(&app, &s.buyer).await, (0, 4_000));

    assert_eq!(
        act(&app, &s.seller, &order, "deliver").await.json["status"],
        "DELIVERED"
    );
    let short = act(&app, &s.buyer, &order, "complete").await;
    assert_eq!(
        (short.status.as_u16(), short.code()),
        (422, "insufficient_funds"),
        "{}",
        short.text
    );
    assert_eq!(status_of(&app, &s.buyer, &order).await, "DELIVERED");
    top_up(&app, &s.buyer, 4_000).await;
    let done = act(&app, &s.buyer, &order, "complete").await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.json["status"], "COMPLETED");
    assert_eq!(done.json["balanceDue"]["amount"], 0);

    assert_eq!(
        wallet(&app, &s.seller).await,
        (7_200, 0),
        "8000 minus the 10% fee"
    );
    assert_eq!(wallet(&app, &s.buyer).await, (0, 0));
    let read = app
        .get(&format!("/api/v1/orders/{order}"), Some(&s.seller.token))
        .await;
    let steps: Vec<_> = read.json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        steps,
        [
            "REQUESTED",
            "ACCEPTED",
            "DEPOSIT_PAID",
            "DELIVERED",
            "COMPLETED"
        ]
    );
    assert_eq!(read.json["history"][1]["actorId"], s.seller.id);
    assert!(read.json["completedAt"].is_string());
    let mine = app
        .get("/api/v1/orders?status=COMPLETED", Some(&s.buyer.token))
        .await;
    assert_eq!(mine.json["items"][0]["id"], order);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn the_list_of_orders_is_paged_newest_first() {
    let app = TestApp::new().await;
    let s = shop(&app, "page", 1_000).await;
    let mut placed = Vec::new();
    for _ in 0..3 {
        placed.push(get_now(&app, &s.buyer, &s.service).await);
    }
    let first = app
        .get("/api/v1/orders?limit=2", Some(&s.buyer.token))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let ids = |res: &openlance_http::testing::TestResponse| -> Vec<String> {
        res.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&first), [placed[2].clone(), placed[1].clone()]);
    let cursor = first.json["nextCursor"].as_str().unwrap();
    let rest = app
        .get(
            &format!("/api/v1/orders?limit=2&cursor={cursor}"),
            Some(&s.buyer.token),
        )
        .await;
    assert_eq!(ids(&rest), [placed[0].clone()]);
    assert!(rest.json["nextCursor"].is_null());
}
