//! A milestone's life: progress, a change request, acceptance (with its payment
//! request), payment (through the consumer) and the contract's completion.

use openlance_contracts::{ContractStatus, MilestoneStatus};
use openlance_core::id::{EventId, UserId};
use openlance_payments::{PaymentRequestId, PaymentRequestPaid, PaymentRequestStatus};

use crate::common::{Harness, usd};

#[tokio::test]
async fn milestones_are_worked_accepted_paid_and_the_contract_completes() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000, 2_500]).await;
    let (m1, m2) = (deal.milestones[0], deal.milestones[1]);
    let c = &h.contracts;

    let m = c.progress_milestone(deal.freelancer, m1).await.unwrap();
    assert_eq!(m.status, MilestoneStatus::InProgress);
    let m = c.progress_milestone(deal.freelancer, m1).await.unwrap();
    assert_eq!(m.status, MilestoneStatus::InReview);
    let again = c.progress_milestone(deal.freelancer, m1).await.unwrap_err();
    assert_eq!((again.status(), again.code()), (409, "invalid_transition"));

    let m = c
        .evaluate_milestone(
            deal.client,
            m1,
            MilestoneStatus::InProgress,
            Some("bigger font".into()),
        )
        .await
        .unwrap();
    assert_eq!(m.status, MilestoneStatus::InProgress);
    assert_eq!(m.payment_request_id, None);
    let m = c.progress_milestone(deal.freelancer, m1).await.unwrap();
    assert_eq!(m.status, MilestoneStatus::InReview);
    let m = c
        .evaluate_milestone(deal.client, m1, MilestoneStatus::Accepted, None)
        .await
        .unwrap();
    assert_eq!(m.status, MilestoneStatus::Accepted);
    let request_id = PaymentRequestId::parse(m.payment_request_id.as_deref().unwrap()).unwrap();
    let request = h
        .payments
        .payment_request(deal.freelancer, request_id)
        .await
        .unwrap();
    assert_eq!(request.amount, usd(1_000));
    assert_eq!(request.milestone_id, m1.to_string());
    assert_eq!(request.status, PaymentRequestStatus::Pending);

    assert!(!h.pay(&deal, m1).await, "no escrow: paid by card");
    h.relay().await;
    let m = c.milestone(deal.client, m1).await.unwrap();
    assert_eq!(m.status, MilestoneStatus::Paid);
    let contract = c.contract(deal.freelancer, deal.contract).await.unwrap();
    assert_eq!(
        contract.status,
        ContractStatus::Active,
        "one milestone is left"
    );

    h.submit(&deal, m2).await;
    c.evaluate_milestone(deal.client, m2, MilestoneStatus::Accepted, None)
        .await
        .unwrap();
    h.pay(&deal, m2).await;
    h.relay().await;
    let contract = c.contract(deal.client, deal.contract).await.unwrap();
    assert_eq!(contract.status, ContractStatus::Completed);

    let history = c.history(deal.client, deal.contract).await.unwrap();
    let moves: Vec<_> = history
        .iter()
        .map(|e| (e.subject.as_str(), e.from.as_deref(), e.to.as_str()))
        .collect();
    assert_eq!(
        moves.first(),
        Some(&("milestone", Some("OPEN"), "IN_PROGRESS"))
    );
    assert_eq!(
        moves.last(),
        Some(&("contract", Some("ACTIVE"), "COMPLETED"))
    );
    assert_eq!(moves.len(), 11, "{moves:?}");
    let change = history
        .iter()
        .find(|e| e.message.as_deref() == Some("bigger font"))
        .unwrap();
    assert_eq!(change.actor_id, Some(deal.client.to_string()));
    assert_eq!(
        (change.from.as_deref(), change.to.as_str()),
        (Some("IN_REVIEW"), "IN_PROGRESS")
    );
    let report = h.payments.check_ledger().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn each_party_does_only_its_own_part_and_strangers_see_nothing() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000]).await;
    let m1 = deal.milestones[0];
    let c = &h.contracts;
    let stranger = UserId::new();

    assert_eq!(
        c.progress_milestone(deal.client, m1)
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        c.progress_milestone(stranger, m1)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        c.contract(stranger, deal.contract)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        c.milestones(stranger, deal.contract)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(c.milestone(stranger, m1).await.unwrap_err().status(), 404);
    assert_eq!(
        c.history(stranger, deal.contract)
            .await
            .unwrap_err()
            .status(),
        404
    );
    h.submit(&deal, m1).await;
    let accept = MilestoneStatus::Accepted;
    assert_eq!(
        c.evaluate_milestone(deal.freelancer, m1, accept, None)
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        c.evaluate_milestone(stranger, m1, accept, None)
            .await
            .unwrap_err()
            .status(),
        404
    );
    let paid = c
        .evaluate_milestone(deal.client, m1, MilestoneStatus::Paid, None)
        .await
        .unwrap_err();
    assert_eq!((paid.status(), paid.code()), (400, "validation_failed"));
    let open = c
        .evaluate_milestone(deal.client, m1, MilestoneStatus::Open, None)
        .await
        .unwrap_err();
    assert_eq!(open.status(), 400);
    assert_eq!(
        c.milestone(deal.client, m1).await.unwrap().status,
        MilestoneStatus::InReview,
        "nothing changed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_acceptances_exactly_one_wins_and_one_request_is_made() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000]).await;
    let m1 = deal.milestones[0];
    h.submit(&deal, m1).await;
    let tries: Vec<_> = (0..8)
        .map(|_| {
            let contracts = h.contracts.clone();
            let client = deal.client;
            tokio::spawn(async move {
                contracts
                    .evaluate_milestone(client, m1, MilestoneStatus::Accepted, None)
                    .await
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tries {
        results.push(t.await.unwrap());
    }
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{results:?}");
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| e.status() == 409)
    );
    let requests = h
        .payments
        .payment_requests(deal.client, true, None)
        .await
        .unwrap();
    assert_eq!(requests.len(), 1);
}

#[tokio::test]
async fn a_payment_event_delivered_twice_marks_the_milestone_paid_once() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000]).await;
    let m1 = deal.milestones[0];
    h.submit(&deal, m1).await;
    let m = h
        .contracts
        .evaluate_milestone(deal.client, m1, MilestoneStatus::Accepted, None)
        .await
        .unwrap();
    let paid = PaymentRequestPaid {
        payment_request_id: m.payment_request_id.unwrap(),
        milestone_id: m1.to_string(),
        contract_id: deal.contract.to_string(),
    };
    let event = EventId::new();
    assert!(h.contracts.record_payment(event, &paid).await.unwrap());
    assert!(!h.contracts.record_payment(event, &paid).await.unwrap());
    let history = h
        .contracts
        .history(deal.client, deal.contract)
        .await
        .unwrap();
    assert_eq!(history.iter().filter(|e| e.to == "PAID").count(), 1);
    assert_eq!(history.iter().filter(|e| e.to == "COMPLETED").count(), 1);
}

/// The payments of a contract's last two milestones, handled at the same time (the relay
/// publishes different subjects side by side): each contract is completed once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_two_payments_handled_at_once_complete_the_contract() {
    let h = Harness::new().await;
    let mut deals = Vec::new();
    let mut paid = Vec::new();
    for _ in 0..8 {
        let deal = h.deal(&[1_000, 2_000]).await;
        for &m in &deal.milestones {
            h.submit(&deal, m).await;
            let accepted = h
                .contracts
                .evaluate_milestone(deal.client, m, MilestoneStatus::Accepted, None)
                .await
                .unwrap();
            paid.push(PaymentRequestPaid {
                payment_request_id: accepted.payment_request_id.unwrap(),
                milestone_id: m.to_string(),
                contract_id: deal.contract.to_string(),
            });
        }
        deals.push(deal);
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(paid.len()));
    let handled: Vec<_> = paid
        .into_iter()
        .map(|p| {
            let contracts = h.contracts.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                contracts.record_payment(EventId::new(), &p).await
            })
        })
        .collect();
    for t in handled {
        assert!(t.await.unwrap().unwrap());
    }
    for deal in &deals {
        let history = h
            .contracts
            .history(deal.client, deal.contract)
            .await
            .unwrap();
        assert_eq!(history.iter().filter(|e| e.to == "PAID").count(), 2);
        assert_eq!(history.iter().filter(|e| e.to == "COMPLETED").count(), 1);
    }
}

#[tokio::test]
async fn a_contract_needs_two_parties_and_positive_amounts() {
    let h = Harness::new().await;
    let me = UserId::new();
    let mut tx = h.db.begin().await.unwrap();
    let err = h
        .contracts
        .open(
            &mut tx,
            openlance_contracts::NewContract {
                job_id: "j".into(),
                job_title: "t".into(),
                proposal_id: "p".into(),
                client_id: me,
                freelancer_id: me,
                milestones: vec![openlance_contracts::NewMilestone {
                    description: "x".into(),
                    amount: usd(0),
                    due_date: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
                }],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400);
    let text = err.to_string();
    assert!(
        text.contains("freelancerId") && text.contains("milestones[0].amount"),
        "{text}"
    );
}

#[tokio::test]
async fn a_user_lists_their_contracts_by_side_and_state_page_by_page() {
    use openlance_contracts::{NewContract, NewMilestone, Party};
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let mut opened = Vec::new();
    for n in 0..3 {
        let mut tx = h.db.begin().await.unwrap();
        let new = NewContract {
            job_id: format!("job-{n}"),
            job_title: "t".into(),
            proposal_id: format!("proposal-{n}"),
            client_id: client,
            freelancer_id: freelancer,
            milestones: vec![NewMilestone {
                description: "all of it".into(),
                amount: usd(100),
                due_date: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            }],
        };
        opened.push(h.contracts.open(&mut tx, new).await.unwrap());
        tx.commit().await.unwrap();
    }
    let c = &h.contracts;
    let first = c
        .contracts_of(client, Some(Party::Client), None, None, 2)
        .await
        .unwrap();
    let ids: Vec<_> = first.items.iter().map(|k| k.id).collect();
    assert_eq!(ids, [opened[2], opened[1]], "newest first");
    let cursor = first.next_cursor.unwrap();
    let second = c
        .contracts_of(client, Some(Party::Client), None, Some(&cursor), 2)
        .await
        .unwrap();
    assert_eq!(
        second.items.iter().map(|k| k.id).collect::<Vec<_>>(),
        [opened[0]]
    );
    assert_eq!(second.next_cursor, None);
    let as_freelancer = c
        .contracts_of(client, Some(Party::Freelancer), None, None, 10)
        .await
        .unwrap();
    assert!(as_freelancer.items.is_empty());
    let completed = c
        .contracts_of(freelancer, None, Some(ContractStatus::Completed), None, 10)
        .await
        .unwrap();
    assert!(completed.items.is_empty());
    let active = c
        .contracts_of(freelancer, None, Some(ContractStatus::Active), None, 10)
        .await
        .unwrap();
    assert_eq!(active.items.len(), 3);
    assert_eq!(
        c.contracts_of(client, None, None, Some("garbage!"), 2)
            .await
            .unwrap_err()
            .status(),
        400
    );
}
