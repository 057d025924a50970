//! Fault injection: the provider succeeds and the caller dies before phase 3, the
//! provider hangs past the timeout, it is unreachable, or the phase-3 transaction fails.
//! After each, and after the reconciler ran: the ledger check passes, balances are what
//! the provider did (no money created or lost), and a retry with the same key never
//! charges or pays out twice.

use std::time::Duration;

use openlance_core::id::UserId;
use openlance_payments::{
    Fault, OperationKey, OperationStatus, PayOutcome, PaymentRequestStatus, PaymentsConfig,
};
use openlance_storage::Backend;

use crate::common::{Harness, usd};

/// Provider calls time out after 300 ms; the reconciler looks at operations older than 60 s.
async fn harness() -> Harness {
    Harness::with_config(PaymentsConfig {
        provider_timeout: Duration::from_millis(300),
        reconcile_after: Duration::from_secs(60),
        ..PaymentsConfig::default()
    })
    .await
}

/// Lets the grace period pass, runs the reconciler, returns how many it settled.
async fn reconcile(h: &Harness) -> usize {
    h.clock.advance(chrono::Duration::seconds(61));
    h.payments.reconcile().await.unwrap().len()
}

/// The payouts-in-flight total in USD.
async fn in_flight(h: &Harness) -> i64 {
    let report = h.payments.check_ledger().await.unwrap();
    report
        .trial_balance
        .iter()
        .filter(|l| l.purpose == "payouts_in_flight")
        .map(|l| l.balance)
        .sum()
}

#[tokio::test]
async fn a_charge_whose_caller_dies_before_recording_it_is_settled_by_the_reconciler_once() {
    let h = harness().await;
    let user = UserId::new();
    let key = OperationKey::from_client(user, "top-up-1");
    h.provider.then(Fault::SucceedThenHang);
    // The provider charges; the process "dies" before phase 3 (the future is dropped).
    let died = tokio::time::timeout(
        Duration::from_millis(100),
        h.payments.top_up(user, usd(5_000), "pm_card_visa", &key),
    )
    .await;
    assert!(died.is_err(), "the caller was cut off");
    assert_eq!(h.provider.provider().charges(), 1);
    assert_eq!(
        h.available(user).await,
        0,
        "not credited before it is settled"
    );
    h.assert_balanced().await;

    assert_eq!(
        h.payments.reconcile().await.unwrap().len(),
        0,
        "within the grace period"
    );
    assert_eq!(reconcile(&h).await, 1);
    assert_eq!(
        h.available(user).await,
        5_000,
        "credited as the provider says"
    );
    h.assert_balanced().await;

    let retry = h
        .payments
        .top_up(user, usd(5_000), "pm_card_visa", &key)
        .await
        .unwrap();
    assert_eq!(retry.status, OperationStatus::Succeeded);
    assert_eq!(retry.balance, usd(5_000));
    assert_eq!(
        h.provider.provider().charges(),
        1,
        "a retry never charges twice"
    );
    assert_eq!(h.available(user).await, 5_000);
    assert_eq!(reconcile(&h).await, 0);
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_payout_that_hangs_past_the_timeout_stays_in_flight_until_reconciled() {
    let h = harness().await;
    let user = UserId::new();
    h.top_up(user, 10_000).await;
    let key = OperationKey::from_client(user, "withdraw-1");
    h.provider.then(Fault::Hang);
    let pending = h
        .payments
        .withdraw(user, usd(4_000), None, &key)
        .await
        .unwrap();
    assert_eq!(pending.status, OperationStatus::Pending);
    assert_eq!(pending.balance, usd(6_000), "the amount left the wallet");
    assert_eq!(in_flight(&h).await, 4_000);
    assert_eq!(h.provider.provider().payouts(), 0);
    h.assert_balanced().await;

    // The provider never got the call: the reconciler sends it again under the same key.
    assert_eq!(reconcile(&h).await, 1);
    assert_eq!(h.provider.provider().payouts(), 1);
    assert_eq!(in_flight(&h).await, 0);
    assert_eq!(h.available(user).await, 6_000);
    h.assert_balanced().await;

    let retry = h
        .payments
        .withdraw(user, usd(4_000), None, &key)
        .await
        .unwrap();
    assert_eq!(retry.status, OperationStatus::Succeeded);
    assert_eq!(retry.transfer_id, pending.transfer_id);
    assert_eq!(h.provider.provider().payouts(), 1, "never paid out twice");
    assert_eq!(h.available(user).await, 6_000, "never debited twice");
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_failed_payout_found_by_the_reconciler_gives_the_money_back() {
    let h = harness().await;
    let user = UserId::new();
    h.top_up(user, 10_000).await;
    h.provider.then(Fault::Unavailable);
    // 2_409 ends in 409: the test provider refuses the payout once it is reached.
    let key = OperationKey::from_client(user, "withdraw-2");
    let pending = h
        .payments
        .withdraw(user, usd(2_409), None, &key)
        .await
        .unwrap();
    assert_eq!(pending.status, OperationStatus::Pending);
    assert_eq!(h.available(user).await, 7_591);
    assert_eq!(reconcile(&h).await, 1);
    assert_eq!(
        h.available(user).await,
        10_000,
        "the failed payout came back"
    );
    assert_eq!(in_flight(&h).await, 0);
    let again = h
        .payments
        .withdraw(user, usd(2_409), None, &key)
        .await
        .unwrap_err();
    assert_eq!(again.code(), "payment_declined");
    assert_eq!(
        h.available(user).await,
        10_000,
        "a retry takes nothing again"
    );
    h.assert_balanced().await;
}

/// Makes every settlement of a provider operation fail, as a failed phase-3 commit would.
async fn break_settlement(h: &Harness) {
    let sql = match h.db.backend() {
        Backend::Sqlite => {
            "CREATE TRIGGER fail_settlement BEFORE UPDATE OF status ON provider_operations \
             WHEN NEW.status <> 'PENDING' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        }
        Backend::Postgres => {
            "CREATE FUNCTION fail_settlement() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER fail_settlement BEFORE UPDATE ON provider_operations FOR EACH ROW \
             WHEN (NEW.status <> 'PENDING') EXECUTE FUNCTION fail_settlement()"
        }
    };
    sqlx::raw_sql(sql).execute(h.db.writer()).await.unwrap();
}

async fn repair_settlement(h: &Harness) {
    let sql = match h.db.backend() {
        Backend::Sqlite => "DROP TRIGGER fail_settlement",
        Backend::Postgres => "DROP TRIGGER fail_settlement ON provider_operations",
    };
    sqlx::raw_sql(sql).execute(h.db.writer()).await.unwrap();
}

#[tokio::test]
async fn a_charge_whose_recording_fails_stays_pending_and_is_settled_later() {
    let h = harness().await;
    let user = UserId::new();
    let key = OperationKey::from_client(user, "top-up-2");
    break_settlement(&h).await;
    let pending = h
        .payments
        .top_up(user, usd(2_000), "pm_card_visa", &key)
        .await
        .unwrap();
    assert_eq!(pending.status, OperationStatus::Pending, "not a 500");
    assert_eq!(h.provider.provider().charges(), 1);
    assert_eq!(h.available(user).await, 0);
    h.assert_balanced().await;
    assert_eq!(reconcile(&h).await, 0, "still failing: still pending");

    repair_settlement(&h).await;
    assert_eq!(reconcile(&h).await, 1);
    assert_eq!(h.available(user).await, 2_000);
    let retry = h
        .payments
        .top_up(user, usd(2_000), "pm_card_visa", &key)
        .await
        .unwrap();
    assert_eq!(retry.status, OperationStatus::Succeeded);
    assert_eq!(h.provider.provider().charges(), 1);
    assert_eq!(h.available(user).await, 2_000);
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_card_payment_cut_off_after_the_charge_pays_the_request_or_leaves_the_money_in_the_wallet()
 {
    let h = harness().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let first = h.request(client, freelancer, "ms-f1", 10_000).await;
    let second = h.request(client, freelancer, "ms-f2", 3_000).await;
    let key = OperationKey::from_client(client, "pay-1");
    for request in [&first, &second] {
        h.provider.then(Fault::SucceedThenHang);
        let key = OperationKey::from_client(client, &format!("pay-{}", request.id));
        let died = tokio::time::timeout(
            Duration::from_millis(100),
            h.payments
                .pay_payment_request(client, request.id, None, &key),
        )
        .await;
        assert!(died.is_err());
    }
    assert_eq!(h.provider.provider().charges(), 2);
    // The second is cancelled (its contract ended) before the charge is settled.
    let mut tx = h.db.begin().await.unwrap();
    h.payments
        .cancel_payment_request(&mut tx, second.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    h.assert_balanced().await;

    assert_eq!(reconcile(&h).await, 2);
    let paid = h.payments.payment_request(client, first.id).await.unwrap();
    assert_eq!(paid.status, PaymentRequestStatus::Paid);
    assert_eq!(h.available(freelancer).await, 9_000);
    let cancelled = h.payments.payment_request(client, second.id).await.unwrap();
    assert_eq!(cancelled.status, PaymentRequestStatus::Cancelled);
    assert_eq!(
        h.available(client).await,
        3_000,
        "the charge stays in the client's wallet"
    );
    h.assert_balanced().await;

    // A retry with the first attempt's key answers with the payment; nothing is charged.
    let retry_key = OperationKey::from_client(client, &format!("pay-{}", first.id));
    let retry = h
        .payments
        .pay_payment_request(client, first.id, None, &retry_key)
        .await
        .unwrap();
    let PayOutcome::Paid(retry) = retry else {
        panic!("expected the paid request")
    };
    assert_eq!(retry.net, usd(9_000));
    // Another key finds it paid.
    let err = h
        .payments
        .pay_payment_request(client, first.id, None, &key)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "already_paid");
    assert_eq!(h.provider.provider().charges(), 2);
    assert_eq!(h.available(freelancer).await, 9_000);
    h.assert_balanced().await;
}

#[tokio::test]
async fn an_unreachable_provider_leaves_the_top_up_pending_and_a_retry_finishes_it() {
    let h = harness().await;
    let user = UserId::new();
    let key = OperationKey::from_client(user, "top-up-3");
    h.provider.then(Fault::Unavailable);
    let pending = h
        .payments
        .top_up(user, usd(700), "pm_card_visa", &key)
        .await
        .unwrap();
    assert_eq!(pending.status, OperationStatus::Pending);
    let done = h
        .payments
        .top_up(user, usd(700), "pm_card_visa", &key)
        .await
        .unwrap();
    assert_eq!(done.status, OperationStatus::Succeeded);
    assert_eq!(done.operation_id, pending.operation_id);
    assert_eq!(h.provider.provider().charges(), 1);
    assert_eq!(h.available(user).await, 700);
    // The same key for another amount is refused.
    let err = h
        .payments
        .top_up(user, usd(800), "pm_card_visa", &key)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "idempotency_key_reused");
    h.assert_balanced().await;
}

#[tokio::test]
async fn operations_the_provider_keeps_pending_do_not_starve_the_reconciler() {
    let h = harness().await;
    let user = UserId::new();
    // More operations awaiting the provider's webhook than one reconciler pass looks at…
    for _ in 0..101 {
        let pending = h
            .payments
            .top_up(user, usd(100), "pm_card_pending", &OperationKey::fresh())
            .await
            .unwrap();
        assert_eq!(pending.status, OperationStatus::Pending);
    }
    // …and, newest of all, one the provider never received.
    h.provider.then(Fault::Hang);
    let lost = h
        .payments
        .top_up(user, usd(900), "pm_card_visa", &OperationKey::fresh())
        .await
        .unwrap();
    assert_eq!(lost.status, OperationStatus::Pending);
    assert_eq!(
        reconcile(&h).await,
        0,
        "the first pass asks about the oldest"
    );
    assert_eq!(
        reconcile(&h).await,
        1,
        "the next pass asks about the rest first"
    );
    assert_eq!(h.available(user).await, 900);
    h.assert_balanced().await;
}
