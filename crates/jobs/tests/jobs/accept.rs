//! Accepting a proposal through a contract opener, in one transaction.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use openlance_jobs::{AcceptedProposal, ContractOpener, JobStatus, ProposalStatus};
use openlance_storage::Tx;

use crate::common::{Harness, usd};
use crate::proposals::futures_join;

/// Inserts nothing; remembers what it was asked to open.
#[derive(Default)]
struct Recording {
    opened: std::sync::Mutex<Vec<AcceptedProposal>>,
    count: AtomicUsize,
}

#[async_trait]
impl ContractOpener for Recording {
    async fn open_contract(&self, _tx: &mut Tx, accepted: &AcceptedProposal) -> Result<String> {
        self.opened.lock().unwrap().push(accepted.clone());
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        Ok(format!("contract-{n}"))
    }
}

/// Fails, as a contracts context that refuses would.
struct Failing;

#[async_trait]
impl ContractOpener for Failing {
    async fn open_contract(&self, _tx: &mut Tx, _: &AcceptedProposal) -> Result<String> {
        Err(DomainError::internal("contracts are down"))
    }
}

#[tokio::test]
async fn accept_fills_the_job_rejects_the_others_and_opens_a_contract_with_the_milestones() {
    let h = Harness::new().await;
    let (client, f1, f2, f3) = (UserId::new(), UserId::new(), UserId::new(), UserId::new());
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let p1 = h
        .jobs
        .submit_proposal(f1, job.id, h.proposal_body(&[10_000, 25_000]))
        .await
        .unwrap();
    let p2 = h.propose(f2, &job).await;
    let p3 = h.propose(f3, &job).await;
    h.jobs.withdraw_proposal(f3, p3.id).await.unwrap();
    let opener = Recording::default();

    let stranger = h
        .jobs
        .accept_proposal(UserId::new(), job.id, p1.id, &opener)
        .await
        .unwrap_err();
    assert_eq!(stranger.status(), 404);
    let by_author = h
        .jobs
        .accept_proposal(f1, job.id, p1.id, &opener)
        .await
        .unwrap_err();
    assert_eq!(by_author.status(), 404);

    let done = h
        .jobs
        .accept_proposal(client, job.id, p1.id, &opener)
        .await
        .unwrap();
    assert_eq!(done.contract_id, "contract-0");
    assert_eq!(done.job.status, JobStatus::Filled);
    assert_eq!(done.proposal.status, ProposalStatus::Accepted);
    let opened = opener.opened.lock().unwrap().clone();
    assert_eq!(opened.len(), 1);
    assert_eq!(
        (
            opened[0].client_id,
            opened[0].freelancer_id,
            opened[0].job_title.as_str()
        ),
        (client, f1, "Logo")
    );
    let amounts: Vec<_> = opened[0].milestones.iter().map(|m| m.amount).collect();
    assert_eq!(amounts, [usd(10_000), usd(25_000)]);

    assert_eq!(h.jobs.job(job.id).await.unwrap().status, JobStatus::Filled);
    assert_eq!(
        h.jobs.proposal(client, p2.id).await.unwrap().status,
        ProposalStatus::Rejected
    );
    assert_eq!(
        h.jobs.proposal(client, p3.id).await.unwrap().status,
        ProposalStatus::Withdrawn
    );
    let kinds = h.event_kinds().await;
    assert!(
        kinds.ends_with(&[
            "jobs.proposal_rejected".into(),
            "jobs.proposal_accepted".into()
        ]),
        "{kinds:?}"
    );

    // Nothing more can be accepted, and a filled job is not found by search.
    let again = h
        .jobs
        .accept_proposal(client, job.id, p2.id, &opener)
        .await
        .unwrap_err();
    assert_eq!((again.status(), again.code()), (409, "job_not_open"));
    let found = h
        .jobs
        .search(&openlance_jobs::JobSearch {
            keywords: Some("logo".into()),
            limit: 5,
            ..Default::default()
        })
        .await;
    assert!(found.unwrap().items.is_empty());
}

#[tokio::test]
async fn a_failing_opener_rolls_the_whole_accept_back() {
    let h = Harness::new().await;
    let (client, f1, f2) = (UserId::new(), UserId::new(), UserId::new());
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let p1 = h.propose(f1, &job).await;
    let p2 = h.propose(f2, &job).await;
    let events = h.event_kinds().await.len();
    let err = h
        .jobs
        .accept_proposal(client, job.id, p1.id, &Failing)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 500);
    assert_eq!(h.jobs.job(job.id).await.unwrap().status, JobStatus::Open);
    assert_eq!(
        h.jobs.proposal(client, p1.id).await.unwrap().status,
        ProposalStatus::Pending
    );
    assert_eq!(
        h.jobs.proposal(client, p2.id).await.unwrap().status,
        ProposalStatus::Pending
    );
    assert_eq!(h.count("proposal_transitions", "1 = 1").await, 0);
    assert_eq!(h.count("job_transitions", "1 = 1").await, 0);
    assert_eq!(h.event_kinds().await.len(), events);
    // And it can be accepted afterwards.
    h.jobs
        .accept_proposal(client, job.id, p1.id, &Recording::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn of_many_concurrent_accepts_on_one_job_exactly_one_succeeds() {
    let h = Harness::new().await;
    let client = UserId::new();
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let mut proposals = Vec::new();
    for _ in 0..6 {
        proposals.push(h.propose(UserId::new(), &job).await);
    }
    let opener = Arc::new(Recording::default());
    // Each proposal accepted twice at once.
    let tries = proposals.iter().chain(proposals.iter()).map(|p| {
        let (jobs, opener, id, job_id) = (h.jobs.clone(), opener.clone(), p.id, job.id);
        async move {
            jobs.accept_proposal(client, job_id, id, opener.as_ref())
                .await
        }
    });
    let results = futures_join(tries).await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(e.status(), 409, "{e}");
    }
    assert_eq!(opener.count.load(Ordering::SeqCst), 1);
    assert_eq!(h.count("proposals", "status = 'ACCEPTED'").await, 1);
    assert_eq!(h.count("proposals", "status = 'REJECTED'").await, 5);
    assert_eq!(h.count("job_transitions", "to_status = 'FILLED'").await, 1);
}

#[tokio::test]
async fn proposals_racing_an_accept_are_refused_or_rejected_never_left_pending() {
    let h = Harness::new().await;
    let client = UserId::new();
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let first = h.propose(UserId::new(), &job).await;
    let opener = Arc::new(Recording::default());
    let accept = {
        let (jobs, opener, job_id) = (h.jobs.clone(), opener.clone(), job.id);
        tokio::spawn(async move {
            jobs.accept_proposal(client, job_id, first.id, opener.as_ref())
                .await
        })
    };
    let submissions = (0..8).map(|_| {
        let (jobs, body, job_id) = (h.jobs.clone(), h.proposal_body(&[100]), job.id);
        async move { jobs.submit_proposal(UserId::new(), job_id, body).await }
    });
    let results = futures_join(submissions).await;
    accept.await.unwrap().unwrap();
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(e.code(), "job_not_open", "{e}");
    }
    assert_eq!(h.count("proposals", "status = 'PENDING'").await, 0);
    assert_eq!(h.count("proposals", "status = 'ACCEPTED'").await, 1);
}
