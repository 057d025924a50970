//! Funding a milestone into escrow up front, and paying its request from that escrow.

use openlance_contracts::{Funding, MilestoneStatus};
use openlance_core::id::UserId;
use openlance_payments::OperationKey;

use crate::common::{Harness, usd};

#[tokio::test]
async fn a_funded_milestone_is_paid_from_its_escrow() {
    let h = Harness::new().await;
    let deal = h.deal(&[10_000]).await;
    let m1 = deal.milestones[0];
    // The client's wallet is empty: funding charges the default test card first.
    let funded = h
        .contracts
        .fund_milestone(deal.client, m1, None, &OperationKey::fresh())
        .await
        .unwrap();
    let Funding::Funded(m) = funded else {
        panic!("{funded:?}")
    };
    assert_eq!(m.funded, usd(10_000));
    let wallet = &h.payments.wallet(deal.client).await.unwrap()[0];
    assert_eq!((wallet.available, wallet.in_escrow), (usd(0), usd(10_000)));
    let again = h
        .contracts
        .fund_milestone(deal.client, m1, None, &OperationKey::fresh())
        .await
        .unwrap_err();
    assert_eq!((again.status(), again.code()), (409, "milestone_funded"));

    h.submit(&deal, m1).await;
    h.contracts
        .evaluate_milestone(deal.client, m1, MilestoneStatus::Accepted, None)
        .await
        .unwrap();
    assert!(h.pay(&deal, m1).await, "paid from the milestone's escrow");
    h.relay().await;
    assert_eq!(
        h.contracts
            .milestone(deal.freelancer, m1)
            .await
            .unwrap()
            .status,
        MilestoneStatus::Paid
    );
    let earned = &h.payments.wallet(deal.freelancer).await.unwrap()[0];
    assert_eq!(earned.available, usd(9_000), "minus the 10% platform fee");
    let client = &h.payments.wallet(deal.client).await.unwrap()[0];
    assert_eq!(
        (client.available, client.in_escrow),
        (usd(0), usd(0)),
        "charged once"
    );
    assert!(h.payments.check_ledger().await.unwrap().problems.is_empty());
}

#[tokio::test]
async fn only_the_client_funds_and_only_before_acceptance() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000]).await;
    let m1 = deal.milestones[0];
    let key = OperationKey::fresh;
    let c = &h.contracts;
    assert_eq!(
        c.fund_milestone(deal.freelancer, m1, None, &key())
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        c.fund_milestone(UserId::new(), m1, None, &key())
            .await
            .unwrap_err()
            .status(),
        404
    );
    let declined = c
        .fund_milestone(deal.client, m1, Some("pm_card_chargeDeclined"), &key())
        .await
        .unwrap_err();
    assert_eq!(declined.status(), 402);
    assert_eq!(c.milestone(deal.client, m1).await.unwrap().funded, usd(0));
    h.submit(&deal, m1).await;
    c.evaluate_milestone(deal.client, m1, MilestoneStatus::Accepted, None)
        .await
        .unwrap();
    let late = c
        .fund_milestone(deal.client, m1, None, &key())
        .await
        .unwrap_err();
    assert_eq!(
        (late.status(), late.code()),
        (409, "milestone_not_fundable")
    );
    assert!(
        h.payments
            .wallet(deal.client)
            .await
            .unwrap()
            .iter()
            .all(|w| w.available.amount == 0)
    );
}
