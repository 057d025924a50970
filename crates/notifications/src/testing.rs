//! A real SMTP server for tests: aiosmtpd (`python3 -m pip install aiosmtpd`, which `.ci/run`
//! does) on a free port of 127.0.0.1, writing each message it accepts to a Maildir that
//! [`SmtpServer::messages`] reads back (parsed by Python's `email` package, so
//! quoted-printable and multipart are decoded the way a mail client would). It can be
//! stopped and started again on the same port, to play an outage. A test that cannot
//! start one panics: it is never skipped.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One message as the server received it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Received {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub message_id: String,
    pub list_unsubscribe: Option<String>,
    pub list_unsubscribe_post: Option<String>,
    pub text: String,
    pub html: String,
}

pub struct SmtpServer {
    port: u16,
    maildir: PathBuf,
    child: Option<Child>,
}

/// Reads every message of a Maildir as JSON.
const READ_MAILDIR: &str = r#"
import json, mailbox, sys
from email.header import decode_header, make_header
out = []
for key, msg in sorted(mailbox.Maildir(sys.argv[1], create=False).iteritems(), key=lambda kv: kv[1].get_date()):
    parts = {"text/plain": "", "text/html": ""}
    for part in msg.walk():
        kind = part.get_content_type()
        if kind in parts and not part.is_multipart():
            parts[kind] = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    header = lambda name: str(make_header(decode_header(msg[name]))) if msg[name] is not None else None
    out.append({"to": header("To") or "", "from": header("From") or "", "subject": header("Subject") or "",
                "message_id": header("Message-ID") or "", "list_unsubscribe": header("List-Unsubscribe"),
                "list_unsubscribe_post": header("List-Unsubscribe-Post"),
                "text": parts["text/plain"], "html": parts["text/html"]})
json.dump(out, sys.stdout)
"#;

impl SmtpServer {
    /// Starts a server on a free port with an empty Maildir.
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port for the test SMTP server: {e}"));
        let maildir = std::env::temp_dir().join(format!(
            "openlance-smtp-{}-{port}-{}",
            std::process::id(),
            uuid::Uuid::now_v7().simple()
        ));
        let mut server = Self {
            port,
            maildir,
            child: None,
        };
        server.resume();
        server
    }

    /// `smtp://127.0.0.1:PORT`, for `mail_url`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops the server (an outage); what it received stays readable.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.accepts() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts the server again on the same port and Maildir.
    pub fn resume(&mut self) {
        assert!(self.child.is_none(), "the SMTP server is running already");
        let log = self.maildir.with_extension("log");
        let stderr = std::fs::File::create(&log)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run python3 for the test SMTP server: {e}"));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while !self.accepts() {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                self.child = None;
                let err = std::fs::read_to_string(&log).unwrap_or_default();
                panic!(
                    "the test SMTP server (aiosmtpd) exited with {status}: {err}\n\
                     install it with `python3 -m pip install aiosmtpd`"
                );
            }
            assert!(
                Instant::now() < deadline,
                "the test SMTP server (aiosmtpd) did not listen on port {} within 15 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn accepts(&self) -> bool {
        TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        if !self.maildir.join("new").exists() {
            return Vec::new();
        }
        let out = Command::new("python3")
            .args(["-c", READ_MAILDIR])
            .arg(&self.maildir)
            .output()
            .unwrap_or_else(|e| panic!("cannot read the test Maildir: {e}"));
        assert!(
            out.status.success(),
            "reading the test Maildir failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("the test Maildir reader printed no JSON: {e}"))
    }

    /// Waits (up to 60 s) until at least `n` messages arrived, then a little longer for a
    /// would-be duplicate, and returns them all. It blocks the thread: the messages come
    /// from another process, or were handed over before the call. The wait covers one
    /// retry (30 s after a failed attempt) on a loaded machine; it ends as soon as the
    /// messages are in.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.messages().len() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(300));
        self.messages()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.maildir);
        let _ = std::fs::remove_file(self.maildir.with_extension("log"));
    }
}
