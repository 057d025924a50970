//! Top-ups, withdrawals, declines, asynchronous outcomes, bad amounts and history.

use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Money};
use openlance_payments::{Counterparty, Direction, MAX_AMOUNT, OperationStatus, TransferKind};

use crate::common::{Harness, usd};
use openlance_payments::OperationKey;

#[tokio::test]
async fn top_up_and_withdraw_move_money_through_the_provider_account() {
    let h = Harness::new().await;
    let user = UserId::new();
    h.top_up(user, 10_000).await;
    assert_eq!(h.available(user).await, 10_000);

    let out = h
        .payments
        .withdraw(
            user,
            usd(2_500),
            Some("rent".into()),
            &OperationKey::fresh(),
        )
        .await
        .unwrap();
    assert_eq!(out.status, OperationStatus::Succeeded);
    assert_eq!(out.balance, usd(7_500));
    assert_eq!(h.available(user).await, 7_500);

    let err = h
        .payments
        .withdraw(user, usd(7_501), None, &OperationKey::fresh())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "insufficient_funds");
    assert_eq!(err.status(), 422);
    assert_eq!(h.available(user).await, 7_500);
    h.assert_balanced().await;
}

#[tokio::test]
async fn declined_cards_and_failed_payouts_move_nothing() {
    let h = Harness::new().await;
    let user = UserId::new();
    for (method, amount) in [
        ("pm_card_chargeDeclined", 1_000),
        ("pm_card_insufficientFunds", 1_000),
        ("pm_card_visa", 1_402),
        ("tok_unknown", 1_000),
    ] {
        let err = h
            .payments
            .top_up(user, usd(amount), method, &OperationKey::fresh())
            .await
            .unwrap_err();
        assert!(
            matches!(err, DomainError::PaymentDeclined(_)),
            "{method}: {err:?}"
        );
        assert_eq!(err.status(), 402);
    }
    assert_eq!(h.transfer_count().await, 0);
    h.top_up(user, 5_000).await;
    let err = h
        .payments
        .withdraw(user, usd(1_409), None, &OperationKey::fresh())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payment_declined");
    assert_eq!(h.available(user).await, 5_000);
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_pending_top_up_credits_only_when_the_provider_reports_success() {
    let h = Harness::new().await;
    let user = UserId::new();
    let pending = h
        .payments
        .top_up(user, usd(3_000), "pm_card_pending", &OperationKey::fresh())
        .await
        .unwrap();
    assert_eq!(pending.status, OperationStatus::Pending);
    assert_eq!(h.available(user).await, 0);

    let status = h
        .payments
        .settle_provider_operation(pending.provider_reference.as_deref().unwrap(), true)
        .await
        .unwrap();
    assert_eq!(status, OperationStatus::Succeeded);
    assert_eq!(h.available(user).await, 3_000);
    let again = h
        .payments
        .settle_provider_operation(pending.provider_reference.as_deref().unwrap(), true)
        .await
        .unwrap_err();
    assert_eq!(again.code(), "not_pending");
    assert_eq!(h.available(user).await, 3_000);

    let failed = h
        .payments
        .top_up(user, usd(500), "pm_card_pending", &OperationKey::fresh())
        .await
        .unwrap();
    h.payments
        .settle_provider_operation(failed.provider_reference.as_deref().unwrap(), false)
        .await
        .unwrap();
    assert_eq!(h.available(user).await, 3_000);
    h.assert_balanced().await;
}

#[tokio::test]
async fn bad_amounts_are_refused_and_write_nothing() {
    let h = Harness::new().await;
    let user = UserId::new();
    for amount in [0, -1, -10_000, MAX_AMOUNT + 1, i64::MAX] {
        let err = h
            .payments
            .top_up(user, usd(amount), "pm_card_visa", &OperationKey::fresh())
            .await
            .unwrap_err();
        assert_eq!(err.status(), 400, "{amount}");
        let err = h
            .payments
            .withdraw(user, usd(amount), None, &OperationKey::fresh())
            .await
            .unwrap_err();
        assert_eq!(err.status(), 400, "{amount}");
    }
    assert_eq!(h.transfer_count().await, 0);
    assert!(h.payments.wallet(user).await.unwrap().is_empty());
}

#[tokio::test]
async fn wallets_are_per_currency_and_never_mix() {
    let h = Harness::new().await;
    let user = UserId::new();
    h.top_up(user, 1_000).await;
    let eur = Money::new(500, Currency::EUR);
    let err = h
        .payments
        .withdraw(user, eur, None, &OperationKey::fresh())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "insufficient_funds");
    h.payments
        .top_up(user, eur, "pm_card_visa", &OperationKey::fresh())
        .await
        .unwrap();
    let balances = h.payments.wallet(user).await.unwrap();
    let codes: Vec<_> = balances
        .iter()
        .map(|b| (b.currency.code().to_string(), b.available.amount))
        .collect();
    assert_eq!(
        codes,
        vec![("EUR".to_string(), 500), ("USD".to_string(), 1_000)]
    );
    h.assert_balanced().await;
}

#[tokio::test]
async fn history_is_newest_first_paginated_and_private() {
    let h = Harness::new().await;
    let user = UserId::new();
    for amount in 1..=5 {
        h.top_up(user, amount * 100).await;
        h.clock.advance(chrono::Duration::seconds(1));
    }
    h.payments
        .withdraw(user, usd(50), None, &OperationKey::fresh())
        .await
        .unwrap();

    let first = h
        .payments
        .wallet_history(user, None, None, 4)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 4);
    assert_eq!(first.items[0].kind, TransferKind::Withdrawal);
    assert_eq!(first.items[0].direction, Direction::Debit);
    assert_eq!(
        first.items[0].counterparty,
        Counterparty::Provider("test".into())
    );
    assert_eq!(first.items[1].amount, usd(500));
    assert_eq!(first.items[1].direction, Direction::Credit);
    let cursor = first.next_cursor.clone().expect("a second page");
    let second = h
        .payments
        .wallet_history(user, None, Some(&cursor), 4)
        .await
        .unwrap();
    let amounts: Vec<i64> = second.items.iter().map(|e| e.amount.amount).collect();
    assert_eq!(amounts, vec![200, 100]);
    assert!(second.next_cursor.is_none());
    assert!(
        h.payments
            .wallet_history(user, None, Some("garbage!"), 4)
            .await
            .is_err()
    );

    let stranger = UserId::new();
    assert!(
        h.payments
            .wallet_history(stranger, None, None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let err = h
        .payments
        .wallet_entry(stranger, first.items[0].id)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 404);
    assert_eq!(
        h.payments
            .wallet_entry(user, first.items[0].id)
            .await
            .unwrap(),
        first.items[0]
    );
}
