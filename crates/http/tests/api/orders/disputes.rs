//! The timers and the admins' routes over HTTP: an unanswered request expires, a
//! delivery nobody confirms completes with its balance left due and paid later through
//! `pay-balance`, a dispute is released or refunded, and a paid order cancelled by both
//! parties or by an admin refunds the deposit.

use chrono::Duration;
use openlance_core::Clock;
use serde_json::json;

use super::{
    act, admin, assert_ledger_balanced, order_uri, shop, sign_in_again, status_of, top_up, walk,
    wallet,
};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn timers_expire_a_request_and_complete_a_delivery_leaving_the_balance_due() {
    let app = TestApp::new().await;
    let mut s = shop(&app, "tim", 10_000).await;
    let waiting = walk(&app, &s, "REQUESTED").await;
    let delivered = walk(&app, &s, "DELIVERED").await;
    app.clock.advance(Duration::days(3));
    let now = app.clock.now();
    assert_eq!(app.state.orders.run_expiry_once(now).await.unwrap(), 1);
    assert_eq!(
        app.state.orders.run_auto_complete_once(now).await.unwrap(),
        1
    );
    sign_in_again(&app, &mut s.buyer).await;
    sign_in_again(&app, &mut s.seller).await;
    assert_eq!(status_of(&app, &s.buyer, &waiting).await, "EXPIRED");
    let read = app
        .get(&format!("/api/v1/orders/{delivered}"), Some(&s.buyer.token))
        .await;
    assert_eq!(read.json["status"], "COMPLETED");
    assert_eq!(
        read.json["balanceDue"],
        json!({"amount": 5_000, "currency": "USD"})
    );
    assert!(
        read.json["history"][4]["actorId"].is_null(),
        "the timer did it"
    );
    assert_eq!(wallet(&app, &s.seller).await, (4_500, 0));

    let by_seller = act(&app, &s.seller, &delivered, "pay-balance").await;
    assert_eq!(by_seller.status, 403, "{}", by_seller.text);
    let paid = app
        .post(
            &order_uri(&delivered, "pay-balance"),
            Some(&s.buyer.token),
            json!({"paymentMethod": "pm_card_visa"}),
        )
        .await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    assert_eq!(paid.json["balanceDue"]["amount"], 0);
    assert_eq!(wallet(&app, &s.seller).await, (9_000, 0));
    let again = act(&app, &s.buyer, &delivered, "pay-balance").await;
    assert_eq!(
        (again.status.as_u16(), again.code()),
        (409, "no_balance_due")
    );
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn an_admin_releases_one_dispute_and_refunds_another() {
    let app = TestApp::new().await;
    let s = shop(&app, "dis", 10_000).await;
    let released = walk(&app, &s, "DISPUTED").await;
    let refunded = walk(&app, &s, "DISPUTED").await;
    let root = admin(&app).await;
    top_up(&app, &s.buyer, 5_000).await;
    let no_note = app
        .post(
            &format!("/api/v1/admin/disputes/{released}/release"),
            Some(&root.token),
            json!({}),
        )
        .await;
    assert_eq!(no_note.status, 400, "{}", no_note.text);
    let res = app
        .post(
            &format!("/api/v1/admin/disputes/{released}/release"),
            Some(&root.token),
            json!({"note": "the work was delivered"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.json["status"], "COMPLETED");
    assert_eq!(wallet(&app, &s.seller).await, (9_000, 0));
    let res = app
        .post(
            &format!("/api/v1/admin/disputes/{refunded}/refund"),
            Some(&root.token),
            json!({"note": "never came"}),
        )
        .await;
    assert_eq!(res.json["status"], "REFUNDED", "{}", res.text);
    assert_eq!(
        wallet(&app, &s.buyer).await,
        (5_000, 0),
        "the second deposit came back"
    );
    let twice = app
        .post(
            &format!("/api/v1/admin/disputes/{refunded}/release"),
            Some(&root.token),
            json!({"note": "changed my mind"}),
        )
        .await;
    assert_eq!(twice.status, 409, "{}", twice.text);
    assert!(twice.json["detail"].as_str().unwrap().contains("REFUNDED"));
    let read = app
        .get(&format!("/api/v1/orders/{refunded}"), Some(&s.seller.token))
        .await;
    let last = read.json["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["actorId"].as_str(), last["reason"].as_str()),
        (Some(root.id.as_str()), Some("never came"))
    );
    let open = app.get("/api/v1/admin/disputes", Some(&root.token)).await;
    assert_eq!(open.json["items"], json!([]));
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn a_paid_order_is_cancelled_by_both_parties_or_an_admin_and_the_deposit_refunded() {
    let app = TestApp::new().await;
    let s = shop(&app, "can", 10_000).await;
    let both = walk(&app, &s, "DEPOSIT_PAID").await;
    let asked = act(&app, &s.buyer, &both, "cancel").await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    assert_eq!(asked.json["status"], "DEPOSIT_PAID");
    assert_eq!(asked.json["cancellationRequestedBy"], s.buyer.id);
    let twice = act(&app, &s.buyer, &both, "cancel").await;
    assert_eq!(twice.code(), "cancellation_requested", "{}", twice.text);
    let agreed = act(&app, &s.seller, &both, "cancel").await;
    assert_eq!(agreed.json["status"], "CANCELLED", "{}", agreed.text);
    assert_eq!(wallet(&app, &s.buyer).await, (5_000, 0));

    let by_admin = walk(&app, &s, "DEPOSIT_PAID").await;
    let root = admin(&app).await;
    let res = app
        .post(
            &format!("/api/v1/admin/orders/{by_admin}/cancel"),
            Some(&root.token),
            json!({"note": "the seller is gone"}),
        )
        .await;
    assert_eq!(res.json["status"], "CANCELLED", "{}", res.text);
    assert_eq!(wallet(&app, &s.buyer).await, (10_000, 0));
    assert_eq!(wallet(&app, &s.seller).await, (0, 0));
    assert_ledger_balanced(&app).await;
}
