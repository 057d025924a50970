//! A flow through the routes with a real SMTP server that goes down in the middle: what
//! was queued while it was down arrives once when it is back; the in-app list has it all
//! meanwhile.

use chrono::Duration;
use openlance_http::testing::TestApp;
use openlance_notifications::testing::SmtpServer;
use serde_json::json;

use super::{relay_all, send_due};
use crate::jobs::{post_job, propose};

#[tokio::test]
async fn emails_queued_while_smtp_is_down_arrive_once_when_it_is_back() {
    let mut smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::with_parts(|p| {
        p.mailer = openlance_notifications::mailer_for_url(&url).unwrap();
        p.notifications.base_backoff = std::time::Duration::from_secs(1);
    })
    .await;
    let client = app.register("client@example.com", &["CLIENT"]).await;
    let freelancer = app.register("free@example.com", &["FREELANCER"]).await;
    relay_all(&app).await;
    assert_eq!(send_due(&app).await, 2, "the welcomes");

    smtp.stop();
    let job = post_job(
        &app,
        &client,
        json!({"title": "Logo", "description": "A logo"}),
    )
    .await;
    let proposal = propose(&app, &freelancer, &job, &[json!(100)]).await;
    let res = app
        .post(
            &format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"),
            Some(&client.token),
            json!({}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    relay_all(&app).await;
    assert_eq!(send_due(&app).await, 0, "SMTP is down");
    let res = app
        .get("/api/v1/notifications", Some(&freelancer.token))
        .await;
    assert_eq!(
        res.json["unreadCount"], 2,
        "in the app meanwhile: {}",
        res.text
    );

    smtp.resume();
    app.clock.advance(Duration::seconds(5));
    assert_eq!(send_due(&app).await, 2);
    app.clock.advance(Duration::hours(2));
    assert_eq!(send_due(&app).await, 0);
    let messages = smtp.wait_for(4);
    let subjects: Vec<_> = messages
        .iter()
        .map(|m| (m.to.clone(), m.subject.clone()))
        .collect();
    assert_eq!(messages.len(), 4, "{subjects:?}");
    assert!(
        subjects.contains(&(
            "client@example.com".into(),
            "New proposal on your job".into()
        )),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&(
            "free@example.com".into(),
            "Your proposal was accepted".into()
        )),
        "{subjects:?}"
    );
}
