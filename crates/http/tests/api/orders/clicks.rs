//! Double clicks: many identical requests at once on accept, pay-deposit and complete
//! move the order and its money once; with an Idempotency-Key a repeat replays the first
//! answer; a declined card on the deposit is a 402 and moves nothing.

use futures_util::future::join_all;
use openlance_http::testing::{TestApp, TestResponse};
use openlance_payments::TestProvider;
use serde_json::json;
use std::sync::Arc;

use super::{
    act, assert_ledger_balanced, order_uri, post_keyed, shop, status_of, top_up, walk, wallet,
};

const CLICKS: usize = 10;

/// Exactly one 200 among `answers`; every other is a 409.
fn one_winner(answers: &[TestResponse]) {
    let won = answers.iter().filter(|r| r.status == 200).count();
    assert_eq!(
        won,
        1,
        "{:?}",
        answers.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    for r in answers.iter().filter(|r| r.status != 200) {
        assert_eq!(r.status, 409, "{}", r.text);
    }
}

#[tokio::test]
async fn many_clicks_at_once_accept_pay_and_complete_once() {
    let provider = TestProvider::default();
    let handle = provider.clone();
    let app = TestApp::with_parts(|p| p.payment_provider = Some(Arc::new(handle))).await;
    let s = shop(&app, "dan", 6_000).await;
    let order = walk(&app, &s, "REQUESTED").await;

    let accepts = (0..CLICKS).map(|_| act(&app, &s.seller, &order, "accept"));
    one_winner(&join_all(accepts).await);

    let uri = order_uri(&order, "pay-deposit");
    let card = json!({"paymentMethod": "pm_card_visa"});
    let pays = (0..CLICKS).map(|_| app.post(&uri, Some(&s.buyer.token), card.clone()));
    one_winner(&join_all(pays).await);
    assert_eq!(
        provider.charges(),
        1,
        "the card was charged once for all the clicks"
    );
    assert_eq!(wallet(&app, &s.buyer).await, (0, 3_000));

    act(&app, &s.seller, &order, "deliver").await;
    top_up(&app, &s.buyer, 30_000).await;
    let completes = (0..CLICKS).map(|_| act(&app, &s.buyer, &order, "complete"));
    one_winner(&join_all(completes).await);
    assert_eq!(wallet(&app, &s.seller).await, (5_400, 0));
    assert_eq!(wallet(&app, &s.buyer).await, (27_000, 0));
    let history = app
        .get(&format!("/api/v1/orders/{order}"), Some(&s.buyer.token))
        .await;
    assert_eq!(history.json["history"].as_array().unwrap().len(), 5);
    assert_ledger_balanced(&app).await;
}

#[tokio::test]
async fn with_an_idempotency_key_a_repeat_replays_the_first_answer() {
    let app = TestApp::new().await;
    let s = shop(&app, "ida", 4_000).await;
    let order = walk(&app, &s, "REQUESTED").await;
    let accept = |key: &'static str| {
        let uri = order_uri(&order, "accept");
        let token = s.seller.token.clone();
        let app = &app;
        async move {
            let req = axum::http::Request::post(&uri)
                .header("authorization", format!("Bearer {token}"))
                .header("Idempotency-Key", key)
                .body(axum::body::Body::empty())
                .unwrap();
            app.send(req).await
        }
    };
    let first = accept("accept-1").await;
    assert_eq!(first.status, 200, "{}", first.text);
    let again = accept("accept-1").await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(again.json, first.json);

    let uri = order_uri(&order, "pay-deposit");
    let body = json!({"paymentMethod": "pm_card_visa"});
    let key = Some("deposit-1");
    let paid = post_keyed(&app, &uri, &s.buyer.token, key, body.clone()).await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    let replay = post_keyed(&app, &uri, &s.buyer.token, key, body).await;
    assert_eq!(replay.status, 200, "{}", replay.text);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.json, paid.json);
    let other = post_keyed(&app, &uri, &s.buyer.token, key, json!({})).await;
    assert_eq!(other.code(), "idempotency_key_reused", "{}", other.text);
    assert_eq!(
        wallet(&app, &s.buyer).await,
        (0, 2_000),
        "one charge, one hold"
    );

    act(&app, &s.seller, &order, "deliver").await;
    top_up(&app, &s.buyer, 2_000).await;
    let uri = order_uri(&order, "complete");
    let key = Some("complete-1");
    let done = post_keyed(&app, &uri, &s.buyer.token, key, json!({})).await;
    assert_eq!(done.json["status"], "COMPLETED", "{}", done.text);
    let replay = post_keyed(&app, &uri, &s.buyer.token, key, json!({})).await;
    assert_eq!((replay.status.as_u16(), &replay.json), (200, &done.json));
    assert_eq!(wallet(&app, &s.seller).await, (3_600, 0));
}

#[tokio::test]
async fn a_declined_card_on_the_deposit_is_a_402_and_moves_nothing() {
    let app = TestApp::new().await;
    let s = shop(&app, "dee", 4_000).await;
    let order = walk(&app, &s, "ACCEPTED").await;
    let res = app
        .post(
            &order_uri(&order, "pay-deposit"),
            Some(&s.buyer.token),
            json!({"paymentMethod": "pm_card_chargeDeclined"}),
        )
        .await;
    assert_eq!(
        (res.status.as_u16(), res.code()),
        (402, "payment_declined"),
        "{}",
        res.text
    );
    assert_eq!(status_of(&app, &s.buyer, &order).await, "ACCEPTED");
    assert_eq!(wallet(&app, &s.buyer).await, (0, 0));
    let read = app
        .get(&format!("/api/v1/orders/{order}"), Some(&s.buyer.token))
        .await;
    assert_eq!(read.json["history"].as_array().unwrap().len(), 2);
    let retry = app
        .post(
            &order_uri(&order, "pay-deposit"),
            Some(&s.buyer.token),
            json!({"paymentMethod": "pm_card_visa"}),
        )
        .await;
    assert_eq!(retry.json["status"], "DEPOSIT_PAID", "{}", retry.text);
    assert_ledger_balanced(&app).await;
}
