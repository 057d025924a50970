//! The timers by the manual clock: an unanswered request expires after 72 hours, a
//! delivery completes itself after 3 days (taking the balance from the wallet, or
//! leaving it due), each due order once however many runners go at once.

use chrono::Duration;
use openlance_orders::OrderStatus;

use crate::common::{Harness, paid};

/// Runs `pass` on `runners` tasks at once; returns how many orders they moved in all.
async fn at_once<F, Fut>(runners: usize, pass: F) -> usize
where
    F: Fn() -> Fut,
    Fut: Future<Output = openlance_core::Result<usize>> + Send + 'static,
{
    let tasks: Vec<_> = (0..runners).map(|_| tokio::spawn(pass())).collect();
    let mut moved = 0;
    for task in tasks {
        moved += task.await.unwrap().unwrap();
    }
    moved
}

#[tokio::test]
async fn an_unanswered_request_expires_after_72_hours_once() {
    let h = Harness::new().await;
    let due = h.requested(1_000).await;
    let answered = h.requested(1_000).await;
    h.orders
        .accept(answered.seller, answered.order)
        .await
        .unwrap();
    h.clock.advance(Duration::hours(71));
    assert_eq!(h.orders.run_expiry_once(h.now()).await.unwrap(), 0);
    let late = h.requested(1_000).await;
    h.clock.advance(Duration::hours(1));
    let now = h.now();
    let moved = at_once(4, || {
        let orders = h.orders.clone();
        async move { orders.run_expiry_once(now).await }
    })
    .await;
    assert_eq!(moved, 1, "four runners, one due order, one expiry");
    assert_eq!(h.status(&due).await, OrderStatus::Expired);
    assert_eq!(h.status(&answered).await, OrderStatus::Accepted);
    assert_eq!(h.status(&late).await, OrderStatus::Requested, "not due yet");
    let history = h.orders.history(due.buyer, due.order).await.unwrap();
    let expired = history.last().unwrap();
    assert_eq!(expired.actor_id, None);
    assert!(expired.reason.as_deref().unwrap().contains("72 hours"));
    assert_eq!(
        h.events(&due).await.last().map(String::as_str),
        Some("orders.order_expired")
    );
    let accept = h.orders.accept(due.seller, due.order).await.unwrap_err();
    assert!(accept.to_string().contains("EXPIRED"), "{accept}");
}

#[tokio::test]
async fn a_delivery_completes_itself_after_three_days_from_the_wallet_once() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::Delivered, 10_000).await;
    let disputed = h.order_in(OrderStatus::Disputed, 10_000).await;
    assert_eq!(h.wallet(d.buyer).await, (5_000, 5_000));
    h.clock.advance(Duration::days(3) - Duration::seconds(1));
    assert_eq!(h.orders.run_auto_complete_once(h.now()).await.unwrap(), 0);
    h.clock.advance(Duration::seconds(1));
    let now = h.now();
    let moved = at_once(4, || {
        let orders = h.orders.clone();
        async move { orders.run_auto_complete_once(now).await }
    })
    .await;
    assert_eq!(moved, 1);
    let order = h.order(&d).await;
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.balance_due.amount, 0, "the wallet paid the balance");
    assert_eq!(h.wallet(d.buyer).await, (0, 0));
    assert_eq!(h.wallet(d.seller).await, (9_000, 0));
    assert_eq!(h.fees().await, 1_000);
    assert_eq!(
        h.status(&disputed).await,
        OrderStatus::Disputed,
        "a dispute stops the clock"
    );
    let history = h.orders.history(d.buyer, d.order).await.unwrap();
    assert_eq!(history.last().unwrap().actor_id, None);
}

#[tokio::test]
async fn a_delivery_completes_itself_with_the_balance_due_when_the_wallet_is_short() {
    let h = Harness::new().await;
    let d = h.requested(10_000).await;
    h.top_up(d.buyer, 6_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    paid(
        h.orders
            .pay_deposit(d.buyer, d.order, None, None)
            .await
            .unwrap(),
    );
    h.orders.deliver(d.seller, d.order).await.unwrap();
    h.clock.advance(Duration::days(3));
    assert_eq!(h.orders.run_auto_complete_once(h.now()).await.unwrap(), 1);
    let order = h.order(&d).await;
    assert_eq!(
        (order.status, order.balance_due.amount),
        (OrderStatus::Completed, 5_000)
    );
    assert_eq!(
        h.wallet(d.buyer).await,
        (1_000, 0),
        "nothing taken from a short wallet"
    );
    assert_eq!(h.wallet(d.seller).await, (4_500, 0));
    h.assert_ledger_balanced().await;
}
