//! Disputes: the buyer disputes a delivery; an admin lists the open ones and releases
//! (the seller is paid) or refunds (the deposit goes back) with a note.

use openlance_orders::{OrderStatus, Resolution};

use crate::common::Harness;

#[tokio::test]
async fn an_admin_releases_a_dispute_to_the_seller_taking_the_balance_from_the_wallet() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::Disputed, 10_000).await;
    assert_eq!(
        h.order(&d).await.dispute_reason.as_deref(),
        Some("not what I asked")
    );
    let no_note = h
        .orders
        .resolve_dispute(h.admin, true, d.order, Resolution::Release, "")
        .await
        .unwrap_err();
    assert_eq!(no_note.status(), 400);
    let order = h
        .orders
        .resolve_dispute(h.admin, true, d.order, Resolution::Release, "it was done")
        .await
        .unwrap();
    assert_eq!(
        (order.status, order.balance_due.amount),
        (OrderStatus::Completed, 0)
    );
    assert_eq!(h.wallet(d.seller).await, (9_000, 0));
    assert_eq!(h.wallet(d.buyer).await, (0, 0));
    let again = h
        .orders
        .resolve_dispute(h.admin, true, d.order, Resolution::Refund, "oops")
        .await
        .unwrap_err();
    assert_eq!(again.status(), 409);
    assert!(again.to_string().contains("COMPLETED"), "{again}");
}

#[tokio::test]
async fn a_released_dispute_leaves_the_balance_due_when_the_wallet_is_short() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::Disputed, 10_000).await;
    // The buyer withdrew the rest of the wallet.
    h.payments
        .withdraw(
            d.buyer,
            crate::common::usd(5_000),
            None,
            &openlance_payments::OperationKey::fresh(),
        )
        .await
        .unwrap();
    let order = h
        .orders
        .resolve_dispute(h.admin, true, d.order, Resolution::Release, "done")
        .await
        .unwrap();
    assert_eq!(order.balance_due.amount, 5_000);
    assert_eq!(h.wallet(d.seller).await, (4_500, 0));
    assert_eq!(
        h.events(&d).await.last().map(String::as_str),
        Some("orders.dispute_released")
    );
}

#[tokio::test]
async fn an_admin_refunds_a_dispute_and_the_deposit_goes_back_to_the_buyer() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::Disputed, 10_000).await;
    let not_admin = h
        .orders
        .resolve_dispute(d.buyer, false, d.order, Resolution::Refund, "mine")
        .await
        .unwrap_err();
    assert_eq!(not_admin.status(), 403);
    let order = h
        .orders
        .resolve_dispute(h.admin, true, d.order, Resolution::Refund, "not delivered")
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::Refunded);
    assert_eq!(h.wallet(d.buyer).await, (10_000, 0));
    assert_eq!(h.wallet(d.seller).await, (0, 0));
    assert_eq!(h.fees().await, 0);
    assert_eq!(
        h.events(&d).await.last().map(String::as_str),
        Some("orders.dispute_refunded")
    );
}

#[tokio::test]
async fn only_an_admin_lists_the_open_disputes_page_by_page() {
    let h = Harness::new().await;
    let mut disputed = Vec::new();
    for _ in 0..3 {
        disputed.push(h.order_in(OrderStatus::Disputed, 1_000).await.order);
    }
    h.order_in(OrderStatus::Delivered, 1_000).await;
    let refused = h.orders.disputes(false, None, None).await.unwrap_err();
    assert_eq!(refused.status(), 403);
    let first = h.orders.disputes(true, None, Some(2)).await.unwrap();
    assert_eq!(
        first.items.iter().map(|o| o.id).collect::<Vec<_>>(),
        disputed[..2]
    );
    let rest = h
        .orders
        .disputes(true, first.next_cursor.as_deref(), Some(2))
        .await
        .unwrap();
    assert_eq!(
        rest.items.iter().map(|o| o.id).collect::<Vec<_>>(),
        disputed[2..]
    );
    assert!(rest.next_cursor.is_none());
}
