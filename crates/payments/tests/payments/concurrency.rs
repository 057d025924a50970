//! Concurrent requests: a payment request is paid once; withdrawals never overdraw.

use std::sync::Arc;

use openlance_core::id::UserId;

use openlance_payments::OperationKey;

use crate::common::{Harness, Source, key, usd};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_payments_of_one_request_pay_it_once() {
    let h = Arc::new(Harness::new().await);
    let (client, freelancer) = (UserId::new(), UserId::new());
    let request = h.request(client, freelancer, "ms-race", 10_000).await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let paid = h.pay(client, request.id, None).await?;
            Ok::<_, openlance_core::DomainError>(paid)
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            // Paid already, or another attempt's charge is still in flight: both 409s.
            Err(e) => assert!(
                ["already_paid", "payment_in_progress"].contains(&e.code()),
                "{e:?}"
            ),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(
        h.provider.provider().charges(),
        1,
        "the card is charged once"
    );
    assert_eq!(h.available(freelancer).await, 9_000);
    assert_eq!(h.fees().await, 1_000);
    h.assert_balanced().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_concurrent_withdrawals_never_overdraw() {
    let h = Arc::new(Harness::new().await);
    let user = UserId::new();
    h.top_up(user, 1_000).await;
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            h.payments
                .withdraw(user, usd(100), None, &OperationKey::fresh())
                .await?;
            Ok::<_, openlance_core::DomainError>(())
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(e) => assert_eq!(e.code(), "insufficient_funds", "{e:?}"),
        }
    }
    assert_eq!(ok, 10);
    assert_eq!(h.available(user).await, 0);
    h.assert_balanced().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_releases_of_one_escrow_release_it_once() {
    let h = Arc::new(Harness::new().await);
    let (buyer, seller) = (UserId::new(), UserId::new());
    let order = openlance_payments::EscrowRef::Order("race".into());
    h.top_up(buyer, 5_000).await;
    h.hold(buyer, &order, 5_000, Source::Wallet).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (h, order) = (h.clone(), order.clone());
        tasks.push(tokio::spawn(async move {
            let mut tx = h.db.begin().await.unwrap();
            h.payments
                .release_escrow(&mut tx, &order, seller, &key())
                .await?;
            tx.commit().await.unwrap();
            Ok::<_, openlance_core::DomainError>(())
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(e) => assert_eq!(e.code(), "escrow_empty", "{e:?}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(h.available(seller).await, 4_500);
    h.assert_balanced().await;
}
