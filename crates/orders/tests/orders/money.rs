//! The money of each step: the deposit held in the order's escrow (from the wallet, or
//! charged to a card first), the balance held and everything released to the seller
//! minus the 10% fee on completion, a declined card or a short wallet moving nothing,
//! and a balance left due paid later. The trial balance stays balanced throughout.

use openlance_core::id::UserId;
use openlance_orders::{OrderStatus, Payment};
use openlance_payments::{OperationKey, TestProvider};

use crate::common::{Harness, paid};

#[tokio::test]
async fn a_booking_from_the_wallet_pays_the_seller_price_minus_fee() {
    let h = Harness::new().await;
    let d = h.requested(10_000).await;
    h.top_up(d.buyer, 12_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    let order = paid(
        h.orders
            .pay_deposit(d.buyer, d.order, None, None)
            .await
            .unwrap(),
    );
    assert_eq!(order.status, OrderStatus::DepositPaid);
    assert_eq!(h.wallet(d.buyer).await, (7_000, 5_000));
    assert_eq!(h.escrow(&d).await, 5_000);
    h.orders.deliver(d.seller, d.order).await.unwrap();
    let order = paid(
        h.orders
            .complete(d.buyer, d.order, None, None)
            .await
            .unwrap(),
    );
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.balance_due.amount, 0);
    assert!(order.completed_at.is_some());
    assert_eq!(h.wallet(d.buyer).await, (2_000, 0));
    assert_eq!(h.escrow(&d).await, 0);
    assert_eq!(h.wallet(d.seller).await, (9_000, 0));
    assert_eq!(h.fees().await, 1_000);
}

#[tokio::test]
async fn a_card_pays_deposit_and_balance_each_charged_once() {
    let provider = TestProvider::default();
    let h = Harness::with_provider(provider.clone()).await;
    let d = h.requested(999).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    let card = Some("pm_card_visa");
    paid(
        h.orders
            .pay_deposit(d.buyer, d.order, card, None)
            .await
            .unwrap(),
    );
    assert_eq!(
        h.wallet(d.buyer).await,
        (0, 499),
        "charged and held: nothing left over"
    );
    h.orders.deliver(d.seller, d.order).await.unwrap();
    paid(
        h.orders
            .complete(d.buyer, d.order, card, None)
            .await
            .unwrap(),
    );
    assert_eq!(provider.charges(), 2);
    assert_eq!(h.wallet(d.buyer).await, (0, 0));
    // 999 − 99 (10% rounded down).
    assert_eq!(h.wallet(d.seller).await, (900, 0));
    assert_eq!(h.fees().await, 99);
}

#[tokio::test]
async fn a_declined_card_or_a_short_wallet_moves_nothing() {
    let provider = TestProvider::default();
    let h = Harness::with_provider(provider.clone()).await;
    let d = h.requested(10_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    let declined = h
        .orders
        .pay_deposit(d.buyer, d.order, Some("pm_card_chargeDeclined"), None)
        .await
        .unwrap_err();
    assert_eq!(
        (declined.status(), declined.code()),
        (402, "payment_declined")
    );
    h.top_up(d.buyer, 4_999).await;
    let short = h
        .orders
        .pay_deposit(d.buyer, d.order, None, None)
        .await
        .unwrap_err();
    assert_eq!((short.status(), short.code()), (422, "insufficient_funds"));
    assert_eq!(h.status(&d).await, OrderStatus::Accepted);
    assert_eq!(h.wallet(d.buyer).await, (4_999, 0));
    assert_eq!(h.escrow(&d).await, 0);
    assert_eq!(provider.charges(), 1, "only the test's own top-up");
    assert_eq!(
        h.events(&d).await,
        ["orders.order_requested", "orders.order_accepted"]
    );
    // Another card works after a decline.
    paid(
        h.orders
            .pay_deposit(d.buyer, d.order, Some("pm_card_mastercard"), None)
            .await
            .unwrap(),
    );
    assert_eq!(h.wallet(d.buyer).await, (4_999, 5_000));
    h.assert_ledger_balanced().await;
}

#[tokio::test]
async fn a_pending_card_charge_moves_nothing_until_it_settles() {
    let h = Harness::new().await;
    let d = h.requested(10_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    let pending = h
        .orders
        .pay_deposit(d.buyer, d.order, Some("pm_card_pending"), None)
        .await
        .unwrap();
    assert!(matches!(pending, Payment::Pending { .. }), "{pending:?}");
    assert_eq!(h.status(&d).await, OrderStatus::Accepted);
    assert_eq!(h.escrow(&d).await, 0);
}

#[tokio::test]
async fn a_clients_key_names_the_card_charge_and_a_retry_charges_once() {
    let provider = TestProvider::default();
    let h = Harness::with_provider(provider.clone()).await;
    let d = h.requested(10_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    let key = OperationKey::from_client(d.buyer, "click-1");
    let card = Some("pm_card_visa");
    paid(
        h.orders
            .pay_deposit(d.buyer, d.order, card, Some(&key))
            .await
            .unwrap(),
    );
    let again = h
        .orders
        .pay_deposit(d.buyer, d.order, card, Some(&key))
        .await
        .unwrap_err();
    assert_eq!(again.status(), 409, "the order moved once: {again}");
    assert_eq!(provider.charges(), 1, "refused before any second charge");
    assert_eq!(h.wallet(d.buyer).await, (0, 5_000));
}

#[tokio::test]
async fn a_balance_left_due_is_paid_later_by_card_or_wallet_and_only_by_the_buyer() {
    let h = Harness::new().await;
    let d = h.requested(10_000).await;
    h.top_up(d.buyer, 5_000).await;
    h.orders.accept(d.seller, d.order).await.unwrap();
    paid(
        h.orders
            .pay_deposit(d.buyer, d.order, None, None)
            .await
            .unwrap(),
    );
    h.orders.deliver(d.seller, d.order).await.unwrap();
    let err = h
        .orders
        .pay_balance(d.buyer, d.order, None, None)
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (409, "no_balance_due"));
    h.clock.advance(chrono::Duration::days(3));
    assert_eq!(h.orders.run_auto_complete_once(h.now()).await.unwrap(), 1);
    let order = h.order(&d).await;
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.balance_due.amount, 5_000);
    assert_eq!(
        h.wallet(d.seller).await,
        (4_500, 0),
        "the deposit minus its fee"
    );
    let seller = h
        .orders
        .pay_balance(d.seller, d.order, None, None)
        .await
        .unwrap_err();
    assert_eq!(seller.status(), 403);
    let stranger = h
        .orders
        .pay_balance(UserId::new(), d.order, None, None)
        .await
        .unwrap_err();
    assert_eq!(stranger.status(), 404);
    let short = h
        .orders
        .pay_balance(d.buyer, d.order, None, None)
        .await
        .unwrap_err();
    assert_eq!(short.code(), "insufficient_funds");
    let order = paid(
        h.orders
            .pay_balance(d.buyer, d.order, Some("pm_card_visa"), None)
            .await
            .unwrap(),
    );
    assert_eq!(order.balance_due.amount, 0);
    assert_eq!(h.wallet(d.seller).await, (9_000, 0));
    assert_eq!(h.wallet(d.buyer).await, (0, 0));
    assert_eq!(h.fees().await, 1_000);
    let twice = h
        .orders
        .pay_balance(d.buyer, d.order, None, None)
        .await
        .unwrap_err();
    assert_eq!(twice.code(), "no_balance_due");
    assert_eq!(
        h.events(&d).await.last().map(String::as_str),
        Some("orders.balance_paid")
    );
}

#[tokio::test]
async fn deposits_of_zero_and_of_the_whole_price_move_what_they_should() {
    let h = Harness::new().await;
    for (percent, deposit) in [(0u8, 0i64), (100, 2_000)] {
        let (service, seller) = h.list(2_000, percent);
        let buyer = UserId::new();
        h.top_up(buyer, 2_000).await;
        let order = h
            .orders
            .place(buyer, &service, crate::common::new_order())
            .await
            .unwrap();
        h.orders.accept(seller, order.id).await.unwrap();
        paid(
            h.orders
                .pay_deposit(buyer, order.id, None, None)
                .await
                .unwrap(),
        );
        assert_eq!(h.wallet(buyer).await, (2_000 - deposit, deposit));
        h.orders.deliver(seller, order.id).await.unwrap();
        paid(
            h.orders
                .complete(buyer, order.id, None, None)
                .await
                .unwrap(),
        );
        assert_eq!(h.wallet(buyer).await, (0, 0));
        assert_eq!(h.wallet(seller).await, (1_800, 0));
    }
    h.assert_ledger_balanced().await;
}
