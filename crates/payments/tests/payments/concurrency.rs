//! Concurrent requests: a payment request is paid once; withdrawals never overdraw.

use std::sync::Arc;

use openlance_core::id::UserId;

use crate::common::{Harness, usd};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_payments_of_one_request_pay_it_once() {
    let h = Arc::new(Harness::new().await);
    let (client, freelancer) = (UserId::new(), UserId::new());
    let request = h.request(client, freelancer, "ms-race", 10_000).await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = h.db.begin().await.unwrap();
            let paid = h
                .payments
                .pay_payment_request(&mut tx, client, request.id, None)
                .await?;
            tx.commit().await.unwrap();
            Ok::<_, openlance_core::DomainError>(paid)
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(e.code(), "already_paid", "{e:?}"),
        }
    }
    assert_eq!(ok, 1);
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
            let mut tx = h.db.begin().await.unwrap();
            h.payments.withdraw(&mut tx, user, usd(100), None).await?;
            tx.commit().await.unwrap();
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
    h.hold(
        buyer,
        &order,
        5_000,
        openlance_payments::FundingSource::Wallet,
    )
    .await
    .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (h, order) = (h.clone(), order.clone());
        tasks.push(tokio::spawn(async move {
            let mut tx = h.db.begin().await.unwrap();
            h.payments.release_escrow(&mut tx, &order, seller).await?;
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
