//! Proposal rules: who may propose, on what, with which milestones; reading, updating
//! and withdrawing.

use openlance_core::id::UserId;
use openlance_jobs::{Attachment, ProposalStatus};

use crate::common::{Harness, usd};

#[tokio::test]
async fn a_freelancer_proposes_and_the_owner_and_author_see_it_but_nobody_else() {
    let h = Harness::new().await;
    let (client, freelancer, stranger) = (UserId::new(), UserId::new(), UserId::new());
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let mut body = h.proposal_body(&[10_000, 20_000]);
    body.attachments = vec![Attachment {
        name: "portfolio.pdf".into(),
        url: "https://example.com/p.pdf".into(),
    }];
    let p = h
        .jobs
        .submit_proposal(freelancer, job.id, body)
        .await
        .unwrap();
    assert_eq!(p.status, ProposalStatus::Pending);
    assert_eq!(p.milestones.len(), 2);

    assert_eq!(h.jobs.proposal(freelancer, p.id).await.unwrap(), p);
    assert_eq!(h.jobs.proposal(client, p.id).await.unwrap(), p);
    assert_eq!(
        h.jobs.proposal(stranger, p.id).await.unwrap_err().status(),
        404
    );
    assert_eq!(
        h.jobs.job_proposals(client, job.id).await.unwrap(),
        std::slice::from_ref(&p)
    );
    assert_eq!(
        h.jobs
            .job_proposals(freelancer, job.id)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        h.jobs
            .job_proposals(stranger, job.id)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        h.jobs.freelancer_proposals(freelancer).await.unwrap(),
        std::slice::from_ref(&p)
    );
    assert!(
        h.jobs
            .freelancer_proposals(stranger)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        h.event_kinds().await,
        ["jobs.job_posted", "jobs.proposal_received"]
    );
}

#[tokio::test]
async fn own_job_closed_job_duplicate_past_due_date_and_non_positive_amounts_are_refused() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let job = h.post(client, "Logo", "A logo", &[]).await;

    let own = h
        .jobs
        .submit_proposal(client, job.id, h.proposal_body(&[100]))
        .await
        .unwrap_err();
    assert_eq!((own.status(), own.code()), (422, "own_job"));

    let mut past = h.proposal_body(&[100]);
    past.milestones[0].due_date = h.today() - chrono::Days::new(1);
    let err = h
        .jobs
        .submit_proposal(freelancer, job.id, past)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400);
    assert!(err.to_string().contains("milestones[0].dueDate"), "{err}");
    let mut today = h.proposal_body(&[100]);
    today.milestones[0].due_date = h.today();
    for amount in [0, -5] {
        let err = h
            .jobs
            .submit_proposal(freelancer, job.id, h.proposal_body(&[100, amount]))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("milestones[1].amount"), "{err}");
    }
    let mut mixed = h.proposal_body(&[100, 200]);
    mixed.milestones[1].amount = openlance_core::Money::new(200, openlance_core::Currency::EUR);
    assert_eq!(
        h.jobs
            .submit_proposal(freelancer, job.id, mixed)
            .await
            .unwrap_err()
            .status(),
        400
    );
    let mut bad_url = h.proposal_body(&[100]);
    bad_url.attachments = vec![Attachment {
        name: "x".into(),
        url: "javascript:alert(1)".into(),
    }];
    assert_eq!(
        h.jobs
            .submit_proposal(freelancer, job.id, bad_url)
            .await
            .unwrap_err()
            .status(),
        400
    );
    assert_eq!(h.count("proposals", "1 = 1").await, 0);

    // Due today is fine; a second live proposal is a 409.
    let first = h
        .jobs
        .submit_proposal(freelancer, job.id, today)
        .await
        .unwrap();
    let dup = h
        .jobs
        .submit_proposal(freelancer, job.id, h.proposal_body(&[100]))
        .await
        .unwrap_err();
    assert_eq!((dup.status(), dup.code()), (409, "proposal_exists"));
    // Withdrawn, the freelancer may propose again.
    h.jobs
        .withdraw_proposal(freelancer, first.id)
        .await
        .unwrap();
    h.propose(freelancer, &job).await;

    h.jobs.close_job(client, job.id).await.unwrap();
    let closed = h
        .jobs
        .submit_proposal(UserId::new(), job.id, h.proposal_body(&[100]))
        .await
        .unwrap_err();
    assert_eq!((closed.status(), closed.code()), (409, "job_not_open"));
    let missing = h
        .jobs
        .submit_proposal(
            freelancer,
            openlance_jobs::JobId::new(),
            h.proposal_body(&[100]),
        )
        .await;
    assert_eq!(missing.unwrap_err().status(), 404);
}

#[tokio::test]
async fn concurrent_duplicate_proposals_leave_exactly_one() {
    let h = Harness::new().await;
    let (client, freelancer) = (UserId::new(), UserId::new());
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let tries = (0..8).map(|_| {
        let (jobs, body, job_id) = (h.jobs.clone(), h.proposal_body(&[100]), job.id);
        async move { jobs.submit_proposal(freelancer, job_id, body).await }
    });
    let results = futures_join(tries).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| e.status() == 409)
    );
    assert_eq!(h.count("proposals", "1 = 1").await, 1);
}

pub async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn only_the_author_updates_or_withdraws_and_only_while_pending() {
    let h = Harness::new().await;
    let (client, freelancer, stranger) = (UserId::new(), UserId::new(), UserId::new());
    let job = h.post(client, "Logo", "A logo", &[]).await;
    let p = h.propose(freelancer, &job).await;

    let mut change = h.proposal_body(&[30_000, 40_000]);
    change.cover_letter = "Better offer".into();
    let updated = h
        .jobs
        .update_proposal(freelancer, p.id, change.clone())
        .await
        .unwrap();
    assert_eq!(updated.milestones.len(), 2);
    assert_eq!(
        h.jobs.proposal(client, p.id).await.unwrap().cover_letter,
        "Better offer"
    );
    assert_eq!(
        h.jobs.proposal(client, p.id).await.unwrap().milestones[1].amount,
        usd(40_000)
    );

    assert_eq!(
        h.jobs
            .update_proposal(client, p.id, change.clone())
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        h.jobs
            .update_proposal(stranger, p.id, change.clone())
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        h.jobs
            .withdraw_proposal(client, p.id)
            .await
            .unwrap_err()
            .status(),
        403
    );
    assert_eq!(
        h.jobs
            .withdraw_proposal(stranger, p.id)
            .await
            .unwrap_err()
            .status(),
        404
    );

    let w = h.jobs.withdraw_proposal(freelancer, p.id).await.unwrap();
    assert_eq!(w.status, ProposalStatus::Withdrawn);
    assert_eq!(
        h.jobs
            .withdraw_proposal(freelancer, p.id)
            .await
            .unwrap_err()
            .status(),
        409
    );
    let late = h
        .jobs
        .update_proposal(freelancer, p.id, change)
        .await
        .unwrap_err();
    assert_eq!((late.status(), late.code()), (409, "proposal_not_pending"));
    assert_eq!(
        h.count("proposal_transitions", "to_status = 'WITHDRAWN'")
            .await,
        1
    );
    assert!(
        h.event_kinds()
            .await
            .contains(&"jobs.proposal_withdrawn".to_string())
    );
}
