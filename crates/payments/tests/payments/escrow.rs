//! Holding, releasing and refunding escrow; the platform fee and its rounding.

use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_payments::{EscrowRef, HoldEscrow, Release};

use crate::common::{Harness, Source, key, usd};

#[tokio::test]
async fn hold_from_wallet_then_release_pays_the_payee_minus_the_fee() {
    let h = Harness::new().await;
    let (buyer, seller) = (UserId::new(), UserId::new());
    let order = EscrowRef::Order("order-1".into());
    h.top_up(buyer, 20_000).await;
    h.hold(buyer, &order, 15_000, Source::Wallet).await.unwrap();
    assert_eq!(h.available(buyer).await, 5_000);
    assert_eq!(h.in_escrow(buyer).await, 15_000);

    let mut tx = h.db.begin().await.unwrap();
    let release = h
        .payments
        .release_escrow(&mut tx, &order, seller, &key())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        release,
        Release {
            gross: usd(15_000),
            fee: usd(1_500),
            net: usd(13_500)
        }
    );
    assert_eq!(h.available(seller).await, 13_500);
    assert_eq!(h.in_escrow(buyer).await, 0);
    assert_eq!(h.fees().await, 1_500);

    let mut tx = h.db.begin().await.unwrap();
    let err = h
        .payments
        .release_escrow(&mut tx, &order, seller, &key())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "escrow_empty");
    h.assert_balanced().await;
}

#[tokio::test]
async fn refund_returns_everything_to_the_payer_once() {
    let h = Harness::new().await;
    let buyer = UserId::new();
    let milestone = EscrowRef::Milestone("ms-1".into());
    h.top_up(buyer, 1_000).await;
    h.hold(buyer, &milestone, 600, Source::Wallet)
        .await
        .unwrap();
    h.hold(buyer, &milestone, 2_000, Source::Card)
        .await
        .unwrap();
    assert_eq!(h.available(buyer).await, 400);
    assert_eq!(h.in_escrow(buyer).await, 2_600);

    let mut tx = h.db.begin().await.unwrap();
    let refunded = h
        .payments
        .refund_escrow(&mut tx, &milestone, &key())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(refunded, usd(2_600));
    assert_eq!(h.available(buyer).await, 3_000);
    assert_eq!(h.in_escrow(buyer).await, 0);
    assert_eq!(h.fees().await, 0, "a refund takes no fee");

    let mut tx = h.db.begin().await.unwrap();
    assert_eq!(
        h.payments
            .refund_escrow(&mut tx, &milestone, &key())
            .await
            .unwrap_err()
            .code(),
        "escrow_empty"
    );
    assert_eq!(
        h.payments
            .release_escrow(&mut tx, &milestone, UserId::new(), &key())
            .await
            .unwrap_err()
            .code(),
        "escrow_empty"
    );
    drop(tx);
    h.assert_balanced().await;
}

#[tokio::test]
async fn holds_are_refused_without_funds_from_a_second_payer_or_in_another_currency() {
    let h = Harness::new().await;
    let (buyer, other) = (UserId::new(), UserId::new());
    let order = EscrowRef::Order("order-2".into());
    h.top_up(buyer, 1_000).await;
    h.top_up(other, 1_000).await;
    let err = h
        .hold(buyer, &order, 1_001, Source::Wallet)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "insufficient_funds");
    let err = h
        .hold(buyer, &order, 1_402, Source::Card)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payment_declined");
    h.hold(buyer, &order, 500, Source::Wallet).await.unwrap();
    let err = h
        .hold(other, &order, 100, Source::Wallet)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "escrow_payer_mismatch");

    let mut tx = h.db.begin().await.unwrap();
    let hold = HoldEscrow {
        escrow: order.clone(),
        payer: buyer,
        amount: Money::new(100, Currency::EUR),
        key: key(),
    };
    assert_eq!(
        h.payments
            .hold_escrow(&mut tx, hold)
            .await
            .unwrap_err()
            .code(),
        "currency_mismatch"
    );
    drop(tx);
    assert_eq!(h.available(buyer).await, 500);
    assert_eq!(h.available(other).await, 1_000);
    assert_eq!(h.in_escrow(buyer).await, 500);
    h.assert_balanced().await;
}

#[tokio::test]
async fn the_fee_rounds_down_so_the_payee_is_never_rounded_against() {
    let h = Harness::new().await;
    let buyer = UserId::new();
    h.top_up(buyer, 1_000_000).await;
    // (gross, expected fee at 10%)
    let cases = [
        (1, 0),
        (9, 0),
        (10, 1),
        (11, 1),
        (19, 1),
        (99, 9),
        (999, 99),
        (12_345, 1_234),
        (100_001, 10_000),
    ];
    let mut fees = 0;
    for (n, (gross, fee)) in cases.into_iter().enumerate() {
        let seller = UserId::new();
        let order = EscrowRef::Order(format!("fee-{n}"));
        h.hold(buyer, &order, gross, Source::Wallet).await.unwrap();
        let mut tx = h.db.begin().await.unwrap();
        let release = h
            .payments
            .release_escrow(&mut tx, &order, seller, &key())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(release.fee, usd(fee), "fee of {gross}");
        assert_eq!(release.net.amount + release.fee.amount, gross);
        assert_eq!(h.available(seller).await, gross - fee, "seller of {gross}");
        fees += fee;
    }
    assert_eq!(h.fees().await, fees);
    h.assert_balanced().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_moves_what_the_escrow_holds_when_it_commits() {
    let h = std::sync::Arc::new(Harness::new().await);
    let (buyer, seller) = (UserId::new(), UserId::new());
    let order = EscrowRef::Order("order-at-commit".into());
    h.top_up(buyer, 10_000).await;
    h.hold(buyer, &order, 4_000, Source::Wallet).await.unwrap();
    let more = HoldEscrow {
        escrow: order.clone(),
        payer: buyer,
        amount: usd(1_000),
        key: key(),
    };
    let released = if h.db.backend() == openlance_storage::Backend::Postgres {
        // A second hold is written but not committed when the release reads the escrow.
        let mut holding = h.db.begin().await.unwrap();
        h.payments.hold_escrow(&mut holding, more).await.unwrap();
        let release = {
            let (h, order) = (h.clone(), order.clone());
            tokio::spawn(async move {
                let mut tx = h.db.begin().await.unwrap();
                let r = h
                    .payments
                    .release_escrow(&mut tx, &order, seller, "release")
                    .await;
                tx.commit().await.unwrap();
                r
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        holding.commit().await.unwrap();
        release.await.unwrap().unwrap()
    } else {
        // One writer: the hold and the release cannot interleave; the release still
        // takes everything.
        let mut tx = h.db.begin().await.unwrap();
        h.payments.hold_escrow(&mut tx, more).await.unwrap();
        let r = h
            .payments
            .release_escrow(&mut tx, &order, seller, "release")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        r
    };
    assert_eq!(released.gross, usd(5_000), "both holds were released");
    assert_eq!(h.in_escrow(buyer).await, 0, "nothing left behind in escrow");
    assert_eq!(h.available(seller).await, 4_500);
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_hold_or_release_repeated_with_its_key_moves_nothing_again() {
    let h = Harness::new().await;
    let (buyer, seller) = (UserId::new(), UserId::new());
    let order = EscrowRef::Order("order-keys".into());
    h.top_up(buyer, 3_000).await;
    let hold = HoldEscrow {
        escrow: order.clone(),
        payer: buyer,
        amount: usd(1_000),
        key: "deposit".into(),
    };
    let mut tx = h.db.begin().await.unwrap();
    h.payments.hold_escrow(&mut tx, hold.clone()).await.unwrap();
    let err = h.payments.hold_escrow(&mut tx, hold).await.unwrap_err();
    assert_eq!(err.code(), "already_moved");
    // The caller's transaction is still usable: the release goes through in it.
    h.payments
        .release_escrow(&mut tx, &order, seller, "complete")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(h.available(buyer).await, 2_000, "held once");
    assert_eq!(h.available(seller).await, 900);
    h.assert_balanced().await;
}
