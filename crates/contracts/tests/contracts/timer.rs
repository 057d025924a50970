//! The review timer: a milestone in review for the review period is accepted once,
//! however many instances run it.

use chrono::Duration;
use openlance_contracts::MilestoneStatus;
use openlance_core::Clock;

use crate::common::Harness;

fn days(n: i64) -> Duration {
    Duration::days(n)
}

#[tokio::test]
async fn a_milestone_left_in_review_for_fourteen_days_is_accepted_once() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000, 2_000]).await;
    let (m1, m2) = (deal.milestones[0], deal.milestones[1]);
    h.submit(&deal, m1).await;
    h.contracts
        .progress_milestone(deal.freelancer, m2)
        .await
        .unwrap();

    h.clock.advance(days(13));
    assert_eq!(h.contracts.run_timers_once(h.clock.now()).await.unwrap(), 0);
    h.clock.advance(days(1));
    // Three instances run the timer at once; the milestone is accepted by one of them.
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let contracts = h.contracts.clone();
            let now = h.clock.now();
            tokio::spawn(async move { contracts.run_timers_once(now).await.unwrap() })
        })
        .collect();
    let mut accepted = 0;
    for run in runs {
        accepted += run.await.unwrap();
    }
    assert_eq!(accepted, 1);
    let m = h.contracts.milestone(deal.client, m1).await.unwrap();
    assert_eq!(m.status, MilestoneStatus::Accepted);
    assert!(
        m.payment_request_id.is_some(),
        "the timer created its payment request"
    );
    assert_eq!(
        h.payments
            .payment_requests(deal.client, true, None)
            .await
            .unwrap()
            .len(),
        1
    );
    let m2_now = h.contracts.milestone(deal.client, m2).await.unwrap();
    assert_eq!(
        m2_now.status,
        MilestoneStatus::InProgress,
        "not in review: untouched"
    );
    let history = h
        .contracts
        .history(deal.client, deal.contract)
        .await
        .unwrap();
    let auto = history.iter().find(|e| e.to == "ACCEPTED").unwrap();
    assert_eq!(auto.actor_id, None);
    assert!(
        auto.message
            .as_deref()
            .unwrap_or_default()
            .contains("automatically")
    );
    assert_eq!(h.contracts.run_timers_once(h.clock.now()).await.unwrap(), 0);
}

#[tokio::test]
async fn a_change_request_restarts_the_review_clock() {
    let h = Harness::new().await;
    let deal = h.deal(&[1_000]).await;
    let m1 = deal.milestones[0];
    h.submit(&deal, m1).await;
    h.clock.advance(days(10));
    h.contracts
        .evaluate_milestone(
            deal.client,
            m1,
            MilestoneStatus::InProgress,
            Some("again".into()),
        )
        .await
        .unwrap();
    h.contracts
        .progress_milestone(deal.freelancer, m1)
        .await
        .unwrap();
    h.clock.advance(days(10));
    assert_eq!(h.contracts.run_timers_once(h.clock.now()).await.unwrap(), 0);
    h.clock.advance(days(4));
    assert_eq!(h.contracts.run_timers_once(h.clock.now()).await.unwrap(), 1);
}
