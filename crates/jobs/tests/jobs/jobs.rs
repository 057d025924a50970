//! Posting, reading, updating and closing jobs.

use openlance_core::id::UserId;
use openlance_jobs::{JobChanges, JobStatus, NewJob};

use crate::common::{Harness, usd};

#[tokio::test]
async fn a_client_posts_reads_updates_and_closes_a_job_with_an_audit_trail() {
    let h = Harness::new().await;
    let client = UserId::new();
    let job = h
        .post(
            client,
            "Logo design",
            "A logo for a bakery",
            &["Design", "Illustrator"],
        )
        .await;
    assert_eq!(job.status, JobStatus::Open);
    let read = h.jobs.job(job.id).await.unwrap();
    assert_eq!(read, job);

    let changed = h
        .jobs
        .update_job(
            client,
            job.id,
            JobChanges {
                title: Some("Bakery logo".into()),
                budget: Some(usd(70_000)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.title, "Bakery logo");
    assert_eq!(h.jobs.job(job.id).await.unwrap().budget, Some(usd(70_000)));

    let closed = h.jobs.close_job(client, job.id).await.unwrap();
    assert_eq!(closed.status, JobStatus::Closed);
    assert_eq!(h.jobs.job(job.id).await.unwrap().status, JobStatus::Closed);
    assert_eq!(
        h.count(
            "job_transitions",
            "from_status = 'OPEN' AND to_status = 'CLOSED'"
        )
        .await,
        1
    );
    assert_eq!(
        h.event_kinds().await,
        ["jobs.job_posted", "jobs.job_closed"]
    );

    // A closed job can be neither changed nor closed again.
    let again = h.jobs.close_job(client, job.id).await.unwrap_err();
    assert_eq!(again.status(), 409);
    let edit = h
        .jobs
        .update_job(
            client,
            job.id,
            JobChanges {
                title: Some("x".into()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(edit.unwrap_err().code(), "job_not_open");
}

#[tokio::test]
async fn a_job_needs_only_a_title_and_a_description() {
    let h = Harness::new().await;
    let job = h
        .jobs
        .post_job(
            UserId::new(),
            NewJob {
                title: "T".into(),
                description: "D".into(),
                ..NewJob::default()
            },
        )
        .await
        .unwrap();
    let read = h.jobs.job(job.id).await.unwrap();
    assert_eq!(
        (read.budget, read.experience, read.skills.len()),
        (None, None, 0)
    );
}

#[tokio::test]
async fn bad_fields_are_refused_and_nothing_is_written() {
    let h = Harness::new().await;
    let bad = NewJob {
        title: "  ".into(),
        description: String::new(),
        budget: Some(usd(0)),
        skills: vec!["".into()],
        ..NewJob::default()
    };
    let err = h.jobs.post_job(UserId::new(), bad).await.unwrap_err();
    assert_eq!(err.status(), 400);
    assert!(err.to_string().contains("title"), "{err}");
    assert!(err.to_string().contains("budget"), "{err}");
    assert_eq!(h.count("jobs", "1 = 1").await, 0);
}

#[tokio::test]
async fn another_clients_job_is_not_found_for_changes_and_the_client_lists_only_its_own() {
    let h = Harness::new().await;
    let (owner, stranger) = (UserId::new(), UserId::new());
    let job = h.post(owner, "Website", "A website", &[]).await;
    h.post(stranger, "Other", "Other job", &[]).await;
    let edit = h
        .jobs
        .update_job(
            stranger,
            job.id,
            JobChanges {
                title: Some("mine".into()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(edit.unwrap_err().status(), 404);
    assert_eq!(
        h.jobs
            .close_job(stranger, job.id)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(h.jobs.job(job.id).await.unwrap().title, "Website");
    let mine = h.jobs.client_jobs(owner).await.unwrap();
    assert_eq!(mine.iter().map(|j| j.id).collect::<Vec<_>>(), [job.id]);
}
