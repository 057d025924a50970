//! "Your work" (both engines): a client sees the jobs they posted, a freelancer the
//! proposals they sent with where each stands; nobody sees anyone else's; a logged-out
//! visitor is sent to log in.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

mod common;

use axum::http::StatusCode;
use chrono::Utc;
use common::{get, id, site};
use openlance_core::{Currency, Money};
use openlance_http::testing::TestApp;
use openlance_jobs::{JobDuration, Milestone, NewJob, NewProposal};

#[tokio::test]
async fn clients_see_their_jobs_and_freelancers_their_proposals_and_no_one_elses() {
    let app = TestApp::new().await;
    let site = site(&app);
    let client = app.register("client@example.com", &["CLIENT"]).await;
    let freelancer = app.register("grace@example.com", &["FREELANCER"]).await;
    let other = app
        .register("other@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let usd = Currency::parse("USD").unwrap();
    let job = app
        .state
        .jobs
        .post_job(
            id(&client),
            NewJob {
                title: "A bakery logo".into(),
                description: "Warm and simple.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let milestone = |cents| Milestone {
        description: "Concepts".into(),
        amount: Money::new(cents, usd),
        due_date: Utc::now().date_naive() + chrono::Duration::days(30),
    };
    app.state
        .jobs
        .submit_proposal(
            id(&freelancer),
            job.id,
            NewProposal {
                cover_letter: "I draw logos.".into(),
                duration: JobDuration::LessThanAMonth,
                milestones: vec![milestone(20_000), milestone(10_000)],
                attachments: vec![],
            },
        )
        .await
        .unwrap();

    let mine = get(&site, "/my-work", &client.token).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.text.contains("A bakery logo"), "{}", mine.text);
    assert!(mine.text.contains(&format!("/jobs/{}", job.id)));
    assert!(!mine.text.contains("Proposals you sent"), "a client only");

    let sent = get(&site, "/my-work", &freelancer.token).await;
    assert!(sent.text.contains("Proposals you sent"), "{}", sent.text);
    assert!(sent.text.contains("A bakery logo") && sent.text.contains("PENDING"));
    assert!(sent.text.contains("300.00 USD"), "the milestones' total");
    assert!(!sent.text.contains("Jobs you posted"), "a freelancer only");

    let stranger = get(&site, "/my-work", &other.token).await;
    assert_eq!(stranger.status, StatusCode::OK);
    assert!(
        !stranger.text.contains("A bakery logo"),
        "{}",
        stranger.text
    );

    let anonymous = get(&site, "/my-work", "").await;
    assert!(anonymous.location().starts_with("/login"));
}
