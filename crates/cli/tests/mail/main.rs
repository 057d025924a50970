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

mod booking;
mod workup;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_openlance");
pub const PASSWORD: &str = "correct horse battery staple";

pub struct Server {
    child: Child,
    addr: String,
}

impl Server {
    pub fn start(data_dir: &Path, mail_url: &str) -> Self {
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
    pub fn call(
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

    pub fn ok(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Value {
        let (status, json) = self.call(method, path, token, body);
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {json}"
        );
        json
    }

    pub fn stop(mut self) {
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

/// Checks that `messages` are exactly `expected` (to, subject, a link in the text).
pub fn assert_delivered(
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
