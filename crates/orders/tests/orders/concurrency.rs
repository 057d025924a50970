//! Double clicks: the same action sent many times at once moves the order and its
//! money once; the other attempts are refused with a 409.

use futures_util::future::join_all;
use openlance_orders::OrderStatus;
use openlance_payments::TestProvider;

use crate::common::Harness;

const CLICKS: usize = 8;

/// How many of `results` succeeded; every failure must be a 409.
fn successes<T: std::fmt::Debug>(results: Vec<openlance_core::Result<T>>) -> usize {
    results
        .into_iter()
        .filter(|r| match r {
            Ok(_) => true,
            Err(e) => {
                assert_eq!(e.status(), 409, "a losing click is a 409: {e}");
                false
            }
        })
        .count()
}

#[tokio::test]
async fn many_accepts_at_once_accept_once() {
    let h = Harness::new().await;
    let d = h.requested(1_000).await;
    let clicks = (0..CLICKS).map(|_| h.orders.accept(d.seller, d.order));
    assert_eq!(successes(join_all(clicks).await), 1);
    assert_eq!(
        h.events(&d).await,
        ["orders.order_requested", "orders.order_accepted"]
    );
}

#[tokio::test]
async fn many_deposit_payments_by_card_at_once_charge_and_hold_once() {
    let provider = TestProvider::default();
    let h = Harness::with_provider(provider.clone()).await;
    let d = h.requested(10_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    let clicks = (0..CLICKS).map(|_| {
        h.orders
            .pay_deposit(d.buyer, d.order, Some("pm_card_visa"), None)
    });
    assert_eq!(successes(join_all(clicks).await), 1);
    assert_eq!(provider.charges(), 1, "one card charge for all the clicks");
    assert_eq!(h.wallet(d.buyer).await, (0, 5_000));
    assert_eq!(h.status(&d).await, OrderStatus::DepositPaid);
    h.assert_ledger_balanced().await;
}

#[tokio::test]
async fn many_completions_at_once_pay_the_seller_once() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::Delivered, 10_000).await;
    h.top_up(d.buyer, 50_000).await;
    let clicks = (0..CLICKS).map(|_| h.orders.complete(d.buyer, d.order, None, None));
    assert_eq!(successes(join_all(clicks).await), 1);
    assert_eq!(h.wallet(d.seller).await, (9_000, 0));
    assert_eq!(h.wallet(d.buyer).await, (50_000, 0));
    assert_eq!(h.fees().await, 1_000);
}
