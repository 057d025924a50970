//! Every action on an order in every state: the lifecycle's moves succeed and land
//! where the issue says; every other move is a 409 naming the current state and
//! changes nothing (no state, no money, no event). Then who may ask: the wrong party is
//! a 403, a stranger a 404, a non-admin on an admin action a 403.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use openlance_orders::{Order, OrderStatus, Resolution};

use crate::common::{Deal, Harness, new_order, paid};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Accept,
    Decline,
    Cancel,
    PayDeposit,
    Deliver,
    Complete,
    Dispute,
    Release,
    Refund,
    AdminCancel,
    PayBalance,
}

const ACTIONS: [Action; 11] = [
    Action::Accept,
    Action::Decline,
    Action::Cancel,
    Action::PayDeposit,
    Action::Deliver,
    Action::Complete,
    Action::Dispute,
    Action::Release,
    Action::Refund,
    Action::AdminCancel,
    Action::PayBalance,
];

/// Where `action` takes an order in `from`, or `None` when it is refused.
fn expected(from: OrderStatus, action: Action) -> Option<OrderStatus> {
    use Action::*;
    use OrderStatus::*;
    match (from, action) {
        (Requested, Accept) => Some(Accepted),
        (Requested, Decline) => Some(Declined),
        (Requested | Accepted, Cancel | AdminCancel) => Some(Cancelled),
        (Accepted, PayDeposit) => Some(DepositPaid),
        (DepositPaid, Deliver) => Some(Delivered),
        // The first party's cancel only records a request; the admin's cancels.
        (DepositPaid, Cancel) => Some(DepositPaid),
        (DepositPaid, AdminCancel) => Some(Cancelled),
        (Delivered, Complete) => Some(Completed),
        (Delivered, Dispute) => Some(Disputed),
        (Disputed, Release) => Some(Completed),
        (Disputed, Refund) => Some(Refunded),
        _ => None,
    }
}

/// Runs `action` as the party (or admin) entitled to it.
async fn run(h: &Harness, d: &Deal, action: Action) -> Result<Order> {
    run_as(h, d, action, None, true).await
}

/// Runs `action` as `who` (its entitled party when `None`), with `admin` as the admin flag.
async fn run_as(
    h: &Harness,
    d: &Deal,
    action: Action,
    who: Option<UserId>,
    admin: bool,
) -> Result<Order> {
    let o = &h.orders;
    let (buyer, seller) = (who.unwrap_or(d.buyer), who.unwrap_or(d.seller));
    let admin_id = who.unwrap_or(h.admin);
    match action {
        Action::Accept => o.accept(seller, d.order).await,
        Action::Decline => o.decline(seller, d.order, "no time").await,
        Action::Cancel => o.cancel(buyer, d.order, Some("changed my mind")).await,
        Action::PayDeposit => o.pay_deposit(buyer, d.order, None, None).await.map(paid),
        Action::Deliver => o.deliver(seller, d.order).await,
        Action::Complete => o.complete(buyer, d.order, None, None).await.map(paid),
        Action::Dispute => o.dispute(buyer, d.order, "it is not done").await,
        Action::Release => {
            o.resolve_dispute(admin_id, admin, d.order, Resolution::Release, "fine")
                .await
        }
        Action::Refund => {
            o.resolve_dispute(admin_id, admin, d.order, Resolution::Refund, "no")
                .await
        }
        Action::AdminCancel => o.admin_cancel(admin_id, admin, d.order, "fraud").await,
        Action::PayBalance => o.pay_balance(buyer, d.order, None, None).await.map(paid),
    }
}

#[tokio::test]
async fn every_action_in_every_state_moves_as_the_lifecycle_says_or_is_a_409() {
    let h = Harness::new().await;
    // EXPIRED moves the clock: build it before any other order is REQUESTED.
    let expired = h.order_in(OrderStatus::Expired, 10_000).await;
    for &from in OrderStatus::all() {
        let d = if from == OrderStatus::Expired {
            expired
        } else {
            h.order_in(from, 10_000).await
        };
        for action in ACTIONS {
            let Some(to) = expected(from, action) else {
                let (escrow, events) = (h.escrow(&d).await, h.events(&d).await);
                let err = run(&h, &d, action).await.unwrap_err();
                assert_eq!(err.status(), 409, "{from:?} {action:?}: {err}");
                assert!(
                    err.to_string().contains(from.as_str()),
                    "{from:?} {action:?}: the refusal names the state: {err}"
                );
                assert_eq!(h.status(&d).await, from, "{action:?} changed nothing");
                assert_eq!(h.escrow(&d).await, escrow, "{from:?} {action:?}: no money");
                assert_eq!(h.events(&d).await, events, "{from:?} {action:?}: no event");
                continue;
            };
            let fresh = h.order_in(from, 10_000).await;
            let moved = run(&h, &fresh, action).await.unwrap();
            assert_eq!(moved.status, to, "{from:?} {action:?}");
            assert_eq!(h.status(&fresh).await, to);
        }
    }
    h.assert_ledger_balanced().await;
}

#[tokio::test]
async fn each_move_is_recorded_with_who_when_and_why_and_emits_its_event() {
    let h = Harness::new().await;
    let d = h.order_in(OrderStatus::Disputed, 10_000).await;
    h.orders
        .resolve_dispute(
            h.admin,
            true,
            d.order,
            Resolution::Release,
            "delivered as asked",
        )
        .await
        .unwrap();
    let history = h.orders.history(d.seller, d.order).await.unwrap();
    let steps: Vec<_> = history.iter().map(|e| (e.from, e.to, e.actor_id)).collect();
    use OrderStatus::*;
    assert_eq!(
        steps,
        [
            (None, Requested, Some(d.buyer)),
            (Some(Requested), Accepted, Some(d.seller)),
            (Some(Accepted), DepositPaid, Some(d.buyer)),
            (Some(DepositPaid), Delivered, Some(d.seller)),
            (Some(Delivered), Disputed, Some(d.buyer)),
            (Some(Disputed), Completed, Some(h.admin)),
        ]
    );
    assert_eq!(history[4].reason.as_deref(), Some("not what I asked"));
    assert_eq!(history[5].reason.as_deref(), Some("delivered as asked"));
    assert_eq!(
        h.events(&d).await,
        [
            "orders.order_requested",
            "orders.order_accepted",
            "orders.deposit_paid",
            "orders.order_delivered",
            "orders.order_disputed",
            "orders.dispute_released",
        ]
    );
    let stranger = UserId::new();
    assert_eq!(
        h.orders
            .history(stranger, d.order)
            .await
            .unwrap_err()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_wrong_party_is_403_a_stranger_404_and_a_non_admin_403() {
    let h = Harness::new().await;
    let stranger = UserId::new();
    // One order per state an action is allowed in, so each check meets a movable order.
    let mut by_state = Vec::new();
    for from in [
        OrderStatus::Requested,
        OrderStatus::Accepted,
        OrderStatus::DepositPaid,
        OrderStatus::Delivered,
        OrderStatus::Disputed,
    ] {
        by_state.push((from, h.order_in(from, 10_000).await));
    }
    for action in ACTIONS {
        for (from, d) in &by_state {
            if expected(*from, action).is_none() {
                continue;
            }
            let err = run_as(&h, d, action, Some(stranger), false)
                .await
                .unwrap_err();
            let admin_action = matches!(
                action,
                Action::Release | Action::Refund | Action::AdminCancel
            );
            let want = if admin_action { 403 } else { 404 };
            assert_eq!(
                err.status(),
                want,
                "a stranger's {action:?} in {from:?}: {err}"
            );
            if admin_action {
                for party in [d.buyer, d.seller] {
                    let err = run_as(&h, d, action, Some(party), false).await.unwrap_err();
                    assert_eq!(err.status(), 403, "a party's {action:?}: {err}");
                }
            } else {
                let wrong = match action {
                    Action::Accept | Action::Decline | Action::Deliver => d.buyer,
                    // The seller may cancel from ACCEPTED on; a request only the buyer.
                    Action::Cancel if *from == OrderStatus::Requested => d.seller,
                    Action::Cancel => continue,
                    _ => d.seller,
                };
                let err = run_as(&h, d, action, Some(wrong), false).await.unwrap_err();
                assert!(
                    matches!(err, DomainError::Forbidden(_)),
                    "the wrong party's {action:?} in {from:?}: {err}"
                );
            }
            assert_eq!(h.status(d).await, *from, "{action:?} changed nothing");
        }
    }
    let d = &by_state[0].1;
    assert_eq!(
        h.orders
            .order(stranger, d.order)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(h.orders.order(d.seller, d.order).await.unwrap().id, d.order);
}

#[tokio::test]
async fn placing_copies_the_listing_and_refuses_paused_archived_and_own_services() {
    let h = Harness::new().await;
    let (service, seller) = h.list(999, 30);
    let buyer = UserId::new();
    let order = h.orders.place(buyer, &service, new_order()).await.unwrap();
    assert_eq!(order.status, OrderStatus::Requested);
    assert_eq!(
        (
            order.price.amount,
            order.deposit.amount,
            order.balance.amount
        ),
        (999, 299, 700),
        "30% of 999 rounded down"
    );
    assert_eq!((order.buyer_id, order.seller_id), (buyer, seller));
    assert_eq!(order.service_title, "Walk my dog");
    assert_eq!(
        h.orders.get(&order.id).await.unwrap().as_ref(),
        Some(&order),
        "the answer is the stored order"
    );
    h.set_price(&service, 5_000);
    assert_eq!(
        h.orders.get(&order.id).await.unwrap().unwrap().price.amount,
        999,
        "a price change is for new orders only"
    );
    let own = h
        .orders
        .place(seller, &service, new_order())
        .await
        .unwrap_err();
    assert_eq!((own.status(), own.code()), (409, "own_service"));
    for state in [
        openlance_orders::ListingState::Paused,
        openlance_orders::ListingState::Archived,
    ] {
        h.set_state(&service, state);
        let err = h
            .orders
            .place(buyer, &service, new_order())
            .await
            .unwrap_err();
        assert_eq!((err.status(), err.code()), (409, "service_not_orderable"));
        assert!(err.to_string().contains(state.as_str()), "{err}");
    }
    let missing = h
        .orders
        .place(buyer, "nope", new_order())
        .await
        .unwrap_err();
    assert_eq!(missing.status(), 404);
    let mut blank = new_order();
    blank.requirements = "   ".into();
    h.set_state(&service, openlance_orders::ListingState::Active);
    let err = h.orders.place(buyer, &service, blank).await.unwrap_err();
    assert_eq!(err.status(), 400);
    let mut past = new_order();
    past.scheduled_for = Some(h.now() - chrono::Duration::hours(1));
    let err = h.orders.place(buyer, &service, past).await.unwrap_err();
    assert_eq!(err.status(), 400);
    let mine = h
        .orders
        .orders_of(buyer, None, None, None, None)
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 1, "refused orders left nothing");
}
