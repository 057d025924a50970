//! Idempotency-Key claims: replay the first response, refuse a different request.

use openlance_core::id::UserId;
use openlance_payments::{Claim, request_hash};

use crate::common::Harness;

#[tokio::test]
async fn a_key_replays_its_first_response_and_refuses_another_request() {
    let h = Harness::new().await;
    let (user, other) = (UserId::new(), UserId::new());
    let hash = request_hash("POST", "/api/v1/wallet/withdrawals", br#"{"amount":1}"#);
    let mut tx = h.db.begin().await.unwrap();
    assert_eq!(
        h.payments
            .claim_idempotency(&mut tx, user, "key-1", &hash)
            .await
            .unwrap(),
        Claim::Fresh
    );
    h.payments
        .complete_idempotency(&mut tx, user, "key-1", 201, r#"{"ok":true}"#)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = h.db.begin().await.unwrap();
    let replay = h
        .payments
        .claim_idempotency(&mut tx, user, "key-1", &hash)
        .await
        .unwrap();
    assert_eq!(
        replay,
        Claim::Replay {
            status: 201,
            body: r#"{"ok":true}"#.into()
        }
    );
    let other_body = request_hash("POST", "/api/v1/wallet/withdrawals", br#"{"amount":2}"#);
    let err = h
        .payments
        .claim_idempotency(&mut tx, user, "key-1", &other_body)
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (422, "idempotency_key_reused"));
    drop(tx);

    // Keys belong to their user; a bad key is a 400.
    let mut tx = h.db.begin().await.unwrap();
    assert_eq!(
        h.payments
            .claim_idempotency(&mut tx, other, "key-1", &hash)
            .await
            .unwrap(),
        Claim::Fresh
    );
    assert_eq!(
        h.payments
            .claim_idempotency(&mut tx, other, "", &hash)
            .await
            .unwrap_err()
            .status(),
        400
    );
    assert_eq!(
        h.payments
            .claim_idempotency(&mut tx, other, "a b", &hash)
            .await
            .unwrap_err()
            .status(),
        400
    );
}

#[tokio::test]
async fn a_failed_request_releases_its_key() {
    let h = Harness::new().await;
    let user = UserId::new();
    let hash = request_hash("POST", "/x", b"{}");
    let mut tx = h.db.begin().await.unwrap();
    assert_eq!(
        h.payments
            .claim_idempotency(&mut tx, user, "k", &hash)
            .await
            .unwrap(),
        Claim::Fresh
    );
    tx.rollback().await.unwrap();
    let mut tx = h.db.begin().await.unwrap();
    assert_eq!(
        h.payments
            .claim_idempotency(&mut tx, user, "k", &hash)
            .await
            .unwrap(),
        Claim::Fresh
    );
}
