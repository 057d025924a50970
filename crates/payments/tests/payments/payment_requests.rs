//! Payment requests: created in the caller's transaction, paid once, by their client only.

use openlance_core::id::UserId;
use openlance_payments::{EscrowRef, NewPaymentRequest, PaymentRequestStatus, TransferKind};
use openlance_storage::Row;

use crate::common::{Harness, Source, usd};

#[tokio::test]
async fn paying_by_card_credits_the_freelancer_minus_the_fee_and_emits_the_event() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let request = h.request(client, freelancer, "ms-1", 12_345).await;
    assert_eq!(request.status, PaymentRequestStatus::Pending);

    let paid = h.pay(client, request.id, None).await.unwrap();
    assert!(!paid.from_escrow);
    assert_eq!((paid.fee, paid.net), (usd(1_234), usd(11_111)));
    assert_eq!(paid.request.status, PaymentRequestStatus::Paid);
    assert_eq!(h.available(freelancer).await, 11_111);
    assert_eq!(
        h.available(client).await,
        0,
        "the card paid, not the wallet"
    );
    assert_eq!(h.fees().await, 1_234);

    let seen = h
        .payments
        .payment_request(freelancer, request.id)
        .await
        .unwrap();
    assert_eq!(seen.status, PaymentRequestStatus::Paid);
    assert_eq!(seen.fee, Some(usd(1_234)));

    let row = sqlx::query("SELECT kind, subject, payload FROM outbox")
        .fetch_one(h.db.reader())
        .await
        .unwrap();
    assert_eq!(
        row.try_get::<String, _>("kind").unwrap(),
        "payments.payment_request_paid"
    );
    assert_eq!(
        row.try_get::<String, _>("subject").unwrap(),
        request.id.to_string()
    );
    let payload: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("payload").unwrap()).unwrap();
    assert_eq!(payload["milestoneId"], "ms-1");
    assert_eq!(payload["contractId"], "contract-1");
    assert_eq!(payload["paymentRequestId"], request.id.to_string());

    let history = h
        .payments
        .wallet_history(freelancer, None, None, 10)
        .await
        .unwrap();
    let kinds: Vec<_> = history
        .items
        .iter()
        .map(|e| (e.kind, e.amount.amount))
        .collect();
    assert!(
        kinds.contains(&(TransferKind::Payment, 12_345)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(TransferKind::PlatformFee, 1_234)),
        "{kinds:?}"
    );
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_funded_milestone_is_paid_from_its_escrow() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    h.hold(
        client,
        &EscrowRef::Milestone("ms-2".into()),
        5_000,
        Source::Card,
    )
    .await
    .unwrap();
    let request = h.request(client, freelancer, "ms-2", 5_000).await;
    // A declining card proves the escrow, not the card, paid.
    let paid = h
        .pay(client, request.id, Some("pm_card_chargeDeclined"))
        .await
        .unwrap();
    assert!(paid.from_escrow);
    assert_eq!(h.in_escrow(client).await, 0);
    assert_eq!(h.available(freelancer).await, 4_500);
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_second_payment_a_stranger_and_the_freelancer_are_refused() {
    let h = Harness::new().await;
    let (client, freelancer, stranger) = (UserId::new(), UserId::new(), UserId::new());
    let request = h.request(client, freelancer, "ms-3", 1_000).await;

    assert_eq!(
        h.pay(stranger, request.id, None)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        h.pay(freelancer, request.id, None)
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        h.payments
            .payment_request(stranger, request.id)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert!(
        h.payments
            .payment_requests(stranger, true, None)
            .await
            .unwrap()
            .is_empty()
    );

    let err = h
        .pay(client, request.id, Some("pm_card_chargeDeclined"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), 402);
    assert_eq!(
        h.payments
            .payment_request(client, request.id)
            .await
            .unwrap()
            .status,
        PaymentRequestStatus::Pending
    );

    h.pay(client, request.id, None).await.unwrap();
    let err = h.pay(client, request.id, None).await.unwrap_err();
    assert_eq!((err.status(), err.code()), (409, "already_paid"));
    assert_eq!(h.available(freelancer).await, 900);
    let mine = h
        .payments
        .payment_requests(client, true, Some(PaymentRequestStatus::Paid))
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert!(
        h.payments
            .payment_requests(client, true, Some(PaymentRequestStatus::Pending))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        h.payments
            .payment_requests(freelancer, false, None)
            .await
            .unwrap()
            .len(),
        1
    );
    h.assert_balanced().await;
}

#[tokio::test]
async fn a_milestone_gets_one_payment_request_and_bad_ones_are_refused() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    h.request(client, freelancer, "ms-4", 1_000).await;
    let new = |milestone: &str, amount: i64, freelancer| NewPaymentRequest {
        client_id: client,
        freelancer_id: freelancer,
        contract_id: "c".into(),
        milestone_id: milestone.into(),
        amount: usd(amount),
        description: String::new(),
    };
    let mut tx = h.db.begin().await.unwrap();
    let err = h
        .payments
        .create_payment_request(&mut tx, new("ms-5", 0, freelancer))
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400);
    let err = h
        .payments
        .create_payment_request(&mut tx, new("ms-5", 100, client))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "same_party");
    let err = h
        .payments
        .create_payment_request(&mut tx, new("ms-4", 100, freelancer))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payment_request_exists");
}

#[tokio::test]
async fn a_cancelled_request_cannot_be_paid_and_frees_its_milestone() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let request = h.request(client, freelancer, "ms-6", 1_000).await;
    let mut tx = h.db.begin().await.unwrap();
    h.payments
        .cancel_payment_request(&mut tx, request.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let err = h.pay(client, request.id, None).await.unwrap_err();
    assert_eq!(err.code(), "payment_request_cancelled");
    let mut tx = h.db.begin().await.unwrap();
    let err = h
        .payments
        .cancel_payment_request(&mut tx, request.id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "payment_request_not_pending");
    drop(tx);
    assert_eq!(
        h.payments
            .payment_request(client, request.id)
            .await
            .unwrap()
            .status,
        PaymentRequestStatus::Cancelled
    );
    let again = h.request(client, freelancer, "ms-6", 1_000).await;
    assert_eq!(again.status, PaymentRequestStatus::Pending);
    assert_eq!(h.transfer_count().await, 0);
}

#[tokio::test]
async fn every_status_change_is_audited_and_the_paid_event_is_typed() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let paid = h.request(client, freelancer, "ms-audit-1", 2_000).await;
    let cancelled = h.request(client, freelancer, "ms-audit-2", 2_000).await;
    h.pay(client, paid.id, None).await.unwrap();
    let mut tx = h.db.begin().await.unwrap();
    h.payments
        .cancel_payment_request(&mut tx, cancelled.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let rows = sqlx::query(
        "SELECT subject_id, from_status, to_status, actor_id FROM payment_request_transitions \
         ORDER BY occurred_at, id",
    )
    .fetch_all(h.db.reader())
    .await
    .unwrap();
    let trail: Vec<(String, String, String, Option<String>)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("subject_id").unwrap(),
                r.try_get("from_status").unwrap(),
                r.try_get("to_status").unwrap(),
                r.try_get("actor_id").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        vec![
            (
                paid.id.to_string(),
                "PENDING".into(),
                "PAID".into(),
                Some(client.to_string())
            ),
            (
                cancelled.id.to_string(),
                "PENDING".into(),
                "CANCELLED".into(),
                None
            ),
        ]
    );

    let row = sqlx::query("SELECT kind, subject, payload FROM outbox")
        .fetch_one(h.db.reader())
        .await
        .unwrap();
    let event = openlance_core::Event::new(
        row.try_get::<String, _>("kind").unwrap(),
        row.try_get::<String, _>("subject").unwrap(),
        serde_json::from_str(&row.try_get::<String, _>("payload").unwrap()).unwrap(),
        chrono::Utc::now(),
    );
    let decoded = event
        .decode::<openlance_payments::PaymentRequestPaid>()
        .unwrap()
        .expect("a payment_request_paid event");
    assert_eq!(decoded.payment_request_id, paid.id.to_string());
    assert_eq!(decoded.milestone_id, "ms-audit-1");
}
