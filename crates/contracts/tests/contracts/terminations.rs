//! Terminating a contract: one open request, decided by the other party or an admin;
//! acceptance refunds the escrow of unpaid funded milestones.

use openlance_contracts::{ContractStatus, MilestoneStatus, TerminationStatus};
use openlance_core::id::UserId;
use openlance_payments::OperationKey;

use crate::common::{Harness, usd};

#[tokio::test]
async fn an_accepted_termination_refunds_unpaid_funded_milestones() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000, 3_000, 500]).await;
    let (m1, m2, m3) = (deal.milestones[0], deal.milestones[1], deal.milestones[2]);
    let c = &h.contracts;
    // m1 is funded and paid; m2 funded, unpaid; m3 accepted, not funded, its request pending.
    for m in [m1, m2] {
        c.fund_milestone(deal.client, m, None, &OperationKey::fresh())
            .await
            .unwrap();
    }
    for m in [m1, m3] {
        h.submit(&deal, m).await;
        c.evaluate_milestone(deal.client, m, MilestoneStatus::Accepted, None)
            .await
            .unwrap();
    }
    h.pay(&deal, m1).await;
    h.relay().await;

    let request = c
        .request_termination(deal.freelancer, deal.contract, "  client vanished ")
        .await
        .unwrap();
    assert_eq!(
        (request.status, request.reason.as_str()),
        (TerminationStatus::Pending, "client vanished")
    );
    let second = c
        .request_termination(deal.client, deal.contract, "me too")
        .await
        .unwrap_err();
    assert_eq!(
        (second.status(), second.code()),
        (409, "termination_pending")
    );
    assert_eq!(
        c.decide_termination(deal.freelancer, false, request.id, true)
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        c.decide_termination(UserId::new(), false, request.id, true)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        c.terminations(UserId::new(), deal.contract)
            .await
            .unwrap_err()
            .status(),
        404
    );

    let decided = c
        .decide_termination(deal.client, false, request.id, true)
        .await
        .unwrap();
    assert_eq!(
        (decided.status, decided.decided_by),
        (TerminationStatus::Accepted, Some(deal.client))
    );
    let contract = c.contract(deal.client, deal.contract).await.unwrap();
    assert_eq!(contract.status, ContractStatus::Terminated);
    let wallet = &h.payments.wallet(deal.client).await.unwrap()[0];
    assert_eq!(
        (wallet.available, wallet.in_escrow),
        (usd(3_000), usd(0)),
        "m2's escrow came back"
    );
    let requests = h
        .payments
        .payment_requests(deal.client, true, None)
        .await
        .unwrap();
    let m3_request = requests
        .iter()
        .find(|r| r.milestone_id == m3.to_string())
        .unwrap();
    assert_eq!(m3_request.status.as_str(), "CANCELLED");
    let late = c.progress_milestone(deal.freelancer, m2).await.unwrap_err();
    assert_eq!((late.status(), late.code()), (409, "contract_not_active"));
    let again = c
        .decide_termination(deal.client, false, request.id, false)
        .await
        .unwrap_err();
    assert_eq!(again.status(), 409);
    let history = c.history(deal.freelancer, deal.contract).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.subject.as_str(), last.to.as_str()),
        ("contract", "TERMINATED")
    );
    assert_eq!(last.message.as_deref(), Some("client vanished"));
    assert!(h.payments.check_ledger().await.unwrap().problems.is_empty());
}

#[tokio::test]
async fn a_rejected_request_leaves_the_contract_active_and_an_admin_may_decide() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000]).await;
    let c = &h.contracts;
    let first = c
        .request_termination(deal.client, deal.contract, "changed my mind")
        .await
        .unwrap();
    let rejected = c
        .decide_termination(deal.freelancer, false, first.id, false)
        .await
        .unwrap();
    assert_eq!(rejected.status, TerminationStatus::Rejected);
    assert_eq!(
        c.contract(deal.client, deal.contract).await.unwrap().status,
        ContractStatus::Active
    );
    let bad = c
        .request_termination(deal.client, deal.contract, "   ")
        .await
        .unwrap_err();
    assert_eq!(bad.status(), 400);
    let second = c
        .request_termination(deal.client, deal.contract, "really")
        .await
        .unwrap();
    let admin = UserId::new();
    let decided = c
        .decide_termination(admin, true, second.id, true)
        .await
        .unwrap();
    assert_eq!(decided.decided_by, Some(admin));
    assert_eq!(
        c.contract(deal.freelancer, deal.contract)
            .await
            .unwrap()
            .status,
        ContractStatus::Terminated
    );
    let listed = c
        .terminations(deal.freelancer, deal.contract)
        .await
        .unwrap();
    let statuses: Vec<_> = listed.iter().map(|t| t.status).collect();
    assert_eq!(
        statuses,
        [TerminationStatus::Rejected, TerminationStatus::Accepted]
    );
}
