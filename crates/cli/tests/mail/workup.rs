//! WorkUp's journey through the binary with a real SMTP server: ten e-mails, each once.

use std::process::Command;

use openlance_notifications::testing::SmtpServer;
use serde_json::json;

use super::{BIN, PASSWORD, Server, assert_delivered};

#[test]
fn workups_journey_with_an_smtp_server_delivers_every_expected_email_once() {
    let dir = std::env::temp_dir().join(format!("openlance-cli-mail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let smtp = SmtpServer::start();
    let server = Server::start(&dir, &smtp.url());

    let client_email = "client@example.com";
    let free_email = "free@example.com";
    server.ok(
        "POST",
        "/api/v1/users/clients/register",
        None,
        Some(json!({"email": client_email, "password": PASSWORD, "clientName": "Acme"})),
    );
    server.ok(
        "POST",
        "/api/v1/users/freelancers/register",
        None,
        Some(json!({"email": free_email, "password": PASSWORD, "fullName": "Grace"})),
    );
    let login = |email: &str| {
        let json = server.ok(
            "POST",
            "/api/v1/users/login",
            None,
            Some(json!({"email": email, "password": PASSWORD})),
        );
        json["authToken"].as_str().unwrap().to_string()
    };
    let (client, freelancer) = (login(client_email), login(free_email));

    let job = server.ok(
        "POST",
        "/api/v1/jobs",
        Some(&client),
        Some(json!({"title": "Landing page", "description": "A one-page site"})),
    )["jobId"]
        .as_str()
        .unwrap()
        .to_string();
    let due = "2099-12-31";
    let proposal = server.ok(
        "POST",
        &format!("/api/v1/jobs/{job}/proposals"),
        Some(&freelancer),
        Some(
            json!({"coverLetter": "Happy to", "jobDuration": "LESS_THAN_A_MONTH",
            "milestones": [{"description": "The page", "amount": 100, "dueDate": due}]}),
        ),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let contract = server.ok(
        "POST",
        &format!("/api/v1/jobs/{job}/proposals/{proposal}/accept"),
        Some(&client),
        None,
    )["contractId"]
        .as_str()
        .unwrap()
        .to_string();
    let milestone = server.ok(
        "GET",
        &format!("/api/v1/contracts/{contract}"),
        Some(&client),
        None,
    )["milestonesIds"][0]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..2 {
        server.ok(
            "POST",
            &format!("/api/v1/contracts/milestones/{milestone}/progress"),
            Some(&freelancer),
            Some(json!({})),
        );
    }
    server.ok(
        "POST",
        &format!("/api/v1/contracts/milestones/{milestone}/evaluate"),
        Some(&client),
        Some(json!({"evaluatedState": "ACCEPTED"})),
    );
    let request = server.ok(
        "GET",
        "/api/v1/payments/clients/me/requests",
        Some(&client),
        None,
    )["requests"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    server.ok(
        "POST",
        &format!("/api/v1/payments/requests/{request}/pay"),
        Some(&client),
        None,
    );
    server.ok(
        "POST",
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        Some(&freelancer),
        Some(json!({"amount": 50})),
    );

    let expected = [
        (
            client_email,
            "Welcome to WorkUp",
            "https://work.example/".to_string(),
        ),
        (
            free_email,
            "Welcome to WorkUp",
            "https://work.example/".to_string(),
        ),
        (
            client_email,
            "New proposal on your job",
            format!("https://work.example/proposals/{proposal}"),
        ),
        (
            free_email,
            "Your proposal was accepted",
            format!("https://work.example/contracts/{contract}"),
        ),
        (
            client_email,
            "A milestone is ready for your review",
            format!("https://work.example/contracts/{contract}/milestones/{milestone}"),
        ),
        (
            free_email,
            "Your milestone was accepted",
            format!("https://work.example/contracts/{contract}/milestones/{milestone}"),
        ),
        (
            free_email,
            "You were paid for a milestone",
            "https://work.example/wallet".to_string(),
        ),
        (
            client_email,
            "Your contract is complete",
            format!("https://work.example/contracts/{contract}"),
        ),
        (
            free_email,
            "Your contract is complete",
            format!("https://work.example/contracts/{contract}"),
        ),
        (
            free_email,
            "Receipt: 50.00 USD withdrawn",
            "https://work.example/wallet".to_string(),
        ),
    ];
    let messages = smtp.wait_for(expected.len());
    assert_delivered(&messages, &expected);
    assert!(
        messages
            .iter()
            .all(|m| m.from.contains("WorkUp <no-reply@work.example>")),
        "{messages:#?}"
    );

    // In the app too: the freelancer's list with its unread count.
    let inbox = server.ok("GET", "/api/v1/notifications", Some(&freelancer), None);
    assert_eq!(inbox["unreadCount"], 6, "{inbox}");
    let titles: Vec<_> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].clone())
        .collect();
    assert!(
        titles.contains(&json!("Receipt: 50.00 USD withdrawn")),
        "{inbox}"
    );
    server.stop();

    let out = Command::new(BIN)
        .args(["admin", "notifications", "dead-letters", "--data-dir"])
        .arg(&dir)
        .env_remove("OPENLANCE_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no dead e-mails"));
    let _ = std::fs::remove_dir_all(&dir);
}
