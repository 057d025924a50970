//! Cancelling: the buyer withdraws a request; either party cancels before the deposit;
//! after it both must agree (the first cancel is a request, the other party's cancel
//! refunds the deposit); an admin cancels with a note.

use openlance_orders::OrderStatus;

use crate::common::Harness;

#[tokio::test]
async fn a_paid_order_is_cancelled_only_when_both_parties_agree_and_the_deposit_comes_back() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::DepositPaid, 10_000).await;
    assert_eq!(h.wallet(d.buyer).await, (5_000, 5_000));
    let asked = h
        .orders
        .cancel(d.seller, d.order, Some("I am ill"))
        .await
        .unwrap();
    assert_eq!(asked.status, OrderStatus::DepositPaid);
    assert_eq!(asked.cancellation_requested_by, Some(d.seller));
    assert_eq!(h.escrow(&d).await, 5_000, "nothing refunded on a request");
    let twice = h.orders.cancel(d.seller, d.order, None).await.unwrap_err();
    assert_eq!(
        (twice.status(), twice.code()),
        (409, "cancellation_requested")
    );
    let agreed = h.orders.cancel(d.buyer, d.order, None).await.unwrap();
    assert_eq!(agreed.status, OrderStatus::Cancelled);
    assert_eq!(h.wallet(d.buyer).await, (10_000, 0));
    assert_eq!(h.escrow(&d).await, 0);
    assert_eq!(h.wallet(d.seller).await, (0, 0));
    assert_eq!(h.fees().await, 0, "no fee on a refund");
    assert_eq!(
        h.events(&d).await[3..],
        ["orders.cancellation_requested", "orders.order_cancelled"]
    );
}

#[tokio::test]
async fn a_delivery_lapses_a_pending_cancellation_request() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::DepositPaid, 10_000).await;
    h.orders.cancel(d.buyer, d.order, None).await.unwrap();
    let delivered = h.orders.deliver(d.seller, d.order).await.unwrap();
    assert_eq!(delivered.status, OrderStatus::Delivered);
    assert_eq!(delivered.cancellation_requested_by, None);
    let late = h.orders.cancel(d.seller, d.order, None).await.unwrap_err();
    assert_eq!(late.status(), 409);
}

#[tokio::test]
async fn before_the_deposit_a_cancel_is_immediate_and_refunds_nothing() {
    let h = Harness::new().await;
    let requested = h.order_in(OrderStatus::Requested, 1_000).await;
    let seller = h
        .orders
        .cancel(requested.seller, requested.order, None)
        .await
        .unwrap_err();
    assert_eq!(
        seller.status(),
        403,
        "the seller declines a request instead"
    );
    let gone = h
        .orders
        .cancel(requested.buyer, requested.order, None)
        .await
        .unwrap();
    assert_eq!(gone.status, OrderStatus::Cancelled);
    let accepted = h.order_in(OrderStatus::Accepted, 1_000).await;
    let gone = h
        .orders
        .cancel(accepted.seller, accepted.order, Some("double booked"))
        .await
        .unwrap();
    assert_eq!(gone.status, OrderStatus::Cancelled);
    let history = h
        .orders
        .history(accepted.buyer, accepted.order)
        .await
        .unwrap();
    assert_eq!(
        history.last().unwrap().reason.as_deref(),
        Some("double booked")
    );
}

#[tokio::test]
async fn an_admin_cancels_a_paid_order_with_a_note_and_refunds_the_deposit() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::DepositPaid, 10_000).await;
    let not_admin = h
        .orders
        .admin_cancel(d.buyer, false, d.order, "please")
        .await
        .unwrap_err();
    assert_eq!(not_admin.status(), 403);
    let no_note = h
        .orders
        .admin_cancel(h.admin, true, d.order, " ")
        .await
        .unwrap_err();
    assert_eq!(no_note.status(), 400);
    let done = h
        .orders
        .admin_cancel(h.admin, true, d.order, "the seller left")
        .await
        .unwrap();
    assert_eq!(done.status, OrderStatus::Cancelled);
    assert_eq!(h.wallet(d.buyer).await, (10_000, 0));
    let history = h.orders.history(d.buyer, d.order).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.actor_id, last.reason.as_deref()),
        (Some(h.admin), Some("the seller left"))
    );
    h.assert_ledger_balanced().await;
}
