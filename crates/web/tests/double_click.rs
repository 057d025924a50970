//! A buyer who clicks "Pay" several times at once pays the deposit once: one state change,
//! one card charge, one hold in escrow (both engines).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::future::join_all;
use openlance_catalog::{Category, Delivery, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_http::testing::TestApp;
use openlance_orders::{NewOrder, OrderStatus};
use openlance_payments::Direction;
use tower::ServiceExt;

#[tokio::test]
async fn paying_the_deposit_with_many_clicks_at_once_pays_once() {
    let app = TestApp::new().await;
    let state = app.state.clone();
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let buyer = app.register("buyer@example.com", &["CLIENT"]).await;
    let (seller_id, buyer_id) = (
        UserId::parse(&seller.id).unwrap(),
        UserId::parse(&buyer.id).unwrap(),
    );
    let usd = Currency::parse("USD").unwrap();
    let listing = state
        .catalog
        .list_service(
            seller_id,
            NewListing {
                title: "Dog walking".into(),
                description: "An hour in the park.".into(),
                category: Category::HomeAndPets,
                price: Money::new(4000, usd),
                deposit_percent: Some(50),
                delivery: Delivery::Days(3),
                location: None,
                remote: true,
                tags: vec![],
                image_links: vec![],
            },
        )
        .await
        .unwrap();
    let new = NewOrder {
        requirements: "Rex".into(),
        scheduled_for: None,
    };
    let order = state
        .orders
        .place(buyer_id, &listing.id.to_string(), new)
        .await
        .unwrap();
    state.orders.accept(seller_id, order.id).await.unwrap();

    let site =
        openlance_http::router_with_site(state.clone(), Some(openlance_web::site(state.clone())));
    let csrf = "c".repeat(43);
    let click = || {
        Request::post(format!("/orders/{}/pay", order.id))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(
                header::COOKIE,
                format!("openlance_session={}; openlance_csrf={csrf}", buyer.token),
            )
            .body(Body::from(format!(
                "csrf={csrf}&step=deposit&method=pm_card_visa"
            )))
            .unwrap()
    };
    let replies = join_all((0..5).map(|_| site.clone().oneshot(click()))).await;
    for reply in replies {
        assert_eq!(reply.unwrap().status(), StatusCode::SEE_OTHER);
    }

    let paid = state.orders.order(buyer_id, order.id).await.unwrap();
    assert_eq!(paid.status, OrderStatus::DepositPaid);
    let history = state
        .payments
        .wallet_history(buyer_id, None, None, 50)
        .await
        .unwrap()
        .items;
    let charges = history
        .iter()
        .filter(|e| e.direction == Direction::Credit)
        .count();
    let holds = history
        .iter()
        .filter(|e| e.direction == Direction::Debit)
        .count();
    assert_eq!(
        (charges, holds),
        (1, 1),
        "one charge, one hold: {history:?}"
    );
    let wallet = state.payments.wallet(buyer_id).await.unwrap();
    assert_eq!(wallet[0].in_escrow, Money::new(2000, usd));
}
