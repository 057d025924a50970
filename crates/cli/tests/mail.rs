//! `openlance serve --mail-url smtp://…` against a real SMTP server (aiosmtpd): WorkUp's
//! journey and a booking through the binary's own socket deliver the e-mails each person
//! expects — welcomes, the proposal, its acceptance, the milestone's review, acceptance and
//! payment, the completed contract and the withdrawal receipt; the order's request,
//! acceptance, deposit, delivery and completion with the card receipts — each once, with
//! links under the public URL; an admin sees no dead e-mail.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use openlance_notifications::testing::SmtpServer;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_openlance");
const PASSWORD: &str = "correct horse battery staple";

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(data_dir: &Path, mail_url: &str) -> Self {
        std::fs::create_dir_all(data_dir).unwrap();
        let log = std::fs::File::create(data_dir.join("server.log")).unwrap();
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--mail-url",
                mail_url,
                "--data-dir",
            ])
            .arg(data_dir)
            .env_remove("OPENLANCE_DATABASE_URL")
            .env_remove("OPENLANCE_BUS_URL")
            .env("OPENLANCE_PUBLIC_URL", "https://work.example")
            .env("OPENLANCE_MARKETPLACE_NAME", "WorkUp")
            .env("OPENLANCE_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no URL in banner: {line}"))
            .to_string();
        Self { child, addr }
    }

    /// A JSON request; the answer's status and JSON body.
    fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let content_type = if body.is_empty() {
            ""
        } else {
            "Content-Type: application/json\r\n"
        };
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{content_type}{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len(),
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }

    fn ok(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Value {
        let (status, json) = self.call(method, path, token, body);
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {json}"
        );
        json
    }

    fn stop(mut self) {
        Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        for _ in 0..100 {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("server did not stop within 10s of SIGTERM");
    }
}

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
    for (to, subject, link) in &expected {
        let found: Vec<_> = messages
            .iter()
            .filter(|m| m.to.contains(to) && m.subject == *subject)
            .collect();
        assert_eq!(found.len(), 1, "{to}: {subject} in {messages:#?}");
        assert!(
            found[0].text.contains(link.as_str()),
            "{subject}: {}",
            found[0].text
        );
        assert!(
            found[0].from.contains("WorkUp <no-reply@work.example>"),
            "{}",
            found[0].from
        );
    }
    assert_eq!(
        messages.len(),
        expected.len(),
        "nothing else, nothing twice: {messages:#?}"
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

/// Checks that `messages` are exactly `expected` (to, subject, a link in the text).
fn assert_delivered(
    messages: &[openlance_notifications::testing::Received],
    expected: &[(&str, &str, String)],
) {
    for (to, subject, link) in expected {
        let found: Vec<_> = messages
            .iter()
            .filter(|m| m.to.contains(to) && m.subject == *subject)
            .collect();
        assert_eq!(found.len(), 1, "{to}: {subject} in {messages:#?}");
        assert!(
            found[0].text.contains(link.as_str()),
            "{subject}: {}",
            found[0].text
        );
    }
    assert_eq!(
        messages.len(),
        expected.len(),
        "nothing else, nothing twice: {messages:#?}"
    );
}

#[test]
fn a_booking_with_an_smtp_server_delivers_every_expected_email_once() {
    let dir = std::env::temp_dir().join(format!("openlance-cli-booking-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let smtp = SmtpServer::start();
    let server = Server::start(&dir, &smtp.url());
    let register = |email: &str, role: &str| {
        let json = server.ok("POST", "/api/v1/auth/register", None,
            Some(json!({"email": email, "password": PASSWORD, "name": email.split('@').next(), "roles": [role]})));
        json["accessToken"].as_str().unwrap().to_string()
    };
    let (seller_email, buyer_email) = ("seller@example.com", "buyer@example.com");
    let seller = register(seller_email, "FREELANCER");
    let buyer = register(buyer_email, "CLIENT");
    let service = server.ok(
        "POST",
        "/api/v1/services",
        Some(&seller),
        Some(json!({
        "title": "Dog walking", "description": "An hour's walk, twice a day, for friendly dogs.",
        "category": "HOME_AND_PETS", "price": {"amount": 8000, "currency": "USD"},
        "depositPercent": 50, "delivery": {"days": 2}, "remote": false, "location": "Lisbon"})),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let order = server.ok(
        "POST",
        &format!("/api/v1/services/{service}/orders"),
        Some(&buyer),
        Some(json!({"requirements": "Mornings please"})),
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let act = |token: &str, action: &str, body: Option<Value>| {
        server.ok(
            "POST",
            &format!("/api/v1/orders/{order}/{action}"),
            Some(token),
            body,
        )
    };
    act(&seller, "accept", None);
    act(
        &buyer,
        "pay-deposit",
        Some(json!({"paymentMethod": "pm_card_visa"})),
    );
    act(&seller, "deliver", None);
    server.ok(
        "POST",
        "/api/v1/wallet/top-ups",
        Some(&buyer),
        Some(
            json!({"amount": {"amount": 5000, "currency": "USD"}, "paymentMethod": "pm_card_visa"}),
        ),
    );
    let done = act(&buyer, "complete", Some(json!({})));
    assert_eq!(done["status"], "COMPLETED", "{done}");

    let order_link = format!("https://work.example/orders/{order}");
    let wallet = "https://work.example/wallet".to_string();
    let expected = [
        (
            seller_email,
            "Welcome to WorkUp",
            "https://work.example/".to_string(),
        ),
        (
            buyer_email,
            "Welcome to WorkUp",
            "https://work.example/".to_string(),
        ),
        (
            seller_email,
            "New order for “Dog walking”",
            order_link.clone(),
        ),
        (buyer_email, "Your order was accepted", order_link.clone()),
        (
            buyer_email,
            "Receipt: 40.00 USD added to your wallet",
            wallet.clone(),
        ),
        (
            seller_email,
            "Deposit paid: you can start",
            order_link.clone(),
        ),
        (buyer_email, "Your order was delivered", order_link.clone()),
        (
            buyer_email,
            "Receipt: 50.00 USD added to your wallet",
            wallet,
        ),
        (
            seller_email,
            "Order completed: 72.00 USD paid to you",
            order_link,
        ),
    ];
    assert_delivered(&smtp.wait_for(expected.len()), &expected);
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}
