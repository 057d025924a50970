//! The binary as an operator runs it: `openlance serve` on a real socket (port 0),
//! graceful shutdown on SIGTERM, data kept across restarts, `migrate`, `--version`.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_openlance");

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(data_dir: &Path) -> Self {
        std::fs::create_dir_all(data_dir).expect("data dir");
        let log = std::fs::File::create(data_dir.join("server.log")).expect("log file");
        let mut child = Command::new(BIN)
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .env_remove("OPENLANCE_DATABASE_URL")
            .env_remove("OPENLANCE_BUS_URL")
            .env("OPENLANCE_LOG", "warn,openlance::mail=info")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start openlance serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read banner");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no URL in banner: {line}"))
            .to_string();
        Self { child, addr }
    }

    fn request(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        self.request_as(method, path, body, None)
    }

    fn request_as(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let body = body.unwrap_or("");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}Connection: close\r\n\r\n{body}",
            self.addr,
            body.len(),
            token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default()
        )
        .expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// SIGTERM, then the exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill");
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("server did not stop within 10s of SIGTERM");
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("openlance-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn serve_answers_on_a_free_port_and_stops_gracefully_keeping_its_data() {
    let dir = temp_dir("serve");
    let server = Server::start(&dir);
    let (status, body) = server.request("GET", "/healthz", None);
    assert_eq!(status, 200, "{body}");
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // The server started itself again with an arena per core (crates/cli/src/arenas.rs).
        let environ = std::fs::read(format!("/proc/{}/environ", server.child.id())).unwrap();
        let arenas = environ
            .split(|b| *b == 0)
            .find_map(|v| v.strip_prefix(b"MALLOC_ARENA_MAX="))
            .map(|v| String::from_utf8_lossy(v).parse::<usize>().unwrap());
        assert!(arenas.is_some_and(|n| n >= 2), "{arenas:?}");
    }
    let (status, _) = server.request("GET", "/readyz", None);
    assert_eq!(status, 200);
    let (status, body) = server.request("GET", "/api/openapi.json", None);
    assert_eq!(status, 200);
    assert!(body.contains("\"openapi\":\"3."));
    assert!(server.stop().success(), "exit status after SIGTERM");

    assert!(dir.join("openlance.db").exists());
    let secret = std::fs::read(dir.join("token-secret")).expect("secret generated");
    let server = Server::start(&dir);
    assert_eq!(server.request("GET", "/healthz", None).0, 200);
    assert!(server.stop().success());
    assert_eq!(
        std::fs::read(dir.join("token-secret")).expect("secret kept"),
        secret,
        "the secret is generated once"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn migrate_applies_and_is_repeatable() {
    let dir = temp_dir("migrate");
    for _ in 0..2 {
        let out = Command::new(BIN)
            .args(["migrate", "--data-dir"])
            .arg(&dir)
            .env_remove("OPENLANCE_DATABASE_URL")
            .output()
            .expect("run migrate");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("migrations applied"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_and_help_describe_the_binary() {
    let out = Command::new(BIN).arg("--version").output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("openlance "));
    let out = Command::new(BIN).arg("--help").output().expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["serve", "migrate", "admin", "--data-dir", "--database-url"] {
        assert!(help.contains(word), "help lacks {word}: {help}");
    }
}

#[test]
fn a_bad_database_url_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["migrate", "--database-url", "mysql://nope"])
        .arg("--data-dir")
        .arg(temp_dir("badurl"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[test]
fn settings_come_from_the_config_file_and_flags_win_over_it() {
    let dir = temp_dir("config");
    std::fs::create_dir_all(&dir).unwrap();
    let from_file = dir.join("from-file");
    let from_flag = dir.join("from-flag");
    let config = dir.join("openlance.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nplatform_fee_bps = 500\n",
            from_file.display().to_string()
        ),
    )
    .unwrap();

    let run = |extra: &[&str]| {
        Command::new(BIN)
            .arg("--config")
            .arg(&config)
            .args(extra)
            .arg("migrate")
            .env_remove("OPENLANCE_DATABASE_URL")
            .env_remove("OPENLANCE_DATA_DIR")
            .output()
            .expect("run")
    };
    assert!(run(&[]).status.success());
    assert!(
        from_file.join("openlance.db").exists(),
        "data_dir taken from the file"
    );
    let flag = from_flag.display().to_string();
    assert!(run(&["--data-dir", &flag]).status.success());
    assert!(
        from_flag.join("openlance.db").exists(),
        "the flag wins over the file"
    );

    std::fs::write(&config, "no_such_setting = 1\n").unwrap();
    let out = run(&[]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown field"),
        "a typo in the file is reported"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn accounts_survive_a_restart_and_account_emails_go_to_the_log() {
    let dir = temp_dir("restart");
    let server = Server::start(&dir);
    let register = r#"{"email":"ada@example.com","password":"a long passphrase 42","name":"Ada","roles":["CLIENT"]}"#;
    let (status, body) = server.request("POST", "/api/v1/auth/register", Some(register));
    assert_eq!(status, 201, "{body}");
    let (status, _) = server.request(
        "POST",
        "/api/v1/auth/password-reset/request",
        Some(r#"{"email":"ada@example.com"}"#),
    );
    assert_eq!(status, 202);
    assert!(server.stop().success());
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap();
    assert!(
        log.contains("Welcome to Openlance"),
        "welcome e-mail logged: {log}"
    );
    assert!(
        log.contains("Reset your password"),
        "reset e-mail logged before shutdown: {log}"
    );

    let server = Server::start(&dir);
    let login = r#"{"email":"ada@example.com","password":"a long passphrase 42"}"#;
    let (status, body) = server.request("POST", "/api/v1/auth/login", Some(login));
    assert_eq!(
        status, 200,
        "the account is still there after a restart: {body}"
    );
    assert!(body.contains("accessToken"));
    assert!(server.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}

fn admin(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("admin")
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("OPENLANCE_DATABASE_URL")
        .env(
            "OPENLANCE_NEW_USER_PASSWORD",
            "the first admin's passphrase",
        )
        .output()
        .expect("run admin")
}

fn json_field(body: &str, field: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {body}"))
        .to_string()
}

#[test]
fn the_first_admin_is_made_on_the_command_line_and_the_ledger_check_catches_tampering() {
    let dir = temp_dir("admin");
    std::fs::create_dir_all(&dir).unwrap();
    let out = admin(
        &dir,
        &["create-user", "--email", "root@example.com", "--admin"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let server = Server::start(&dir);
    let login = r#"{"email":"root@example.com","password":"the first admin's passphrase"}"#;
    let (status, body) = server.request("POST", "/api/v1/auth/login", Some(login));
    assert_eq!(status, 200, "{body}");
    let admin_token = json_field(&body, "accessToken");
    let register = r#"{"email":"cy@example.com","password":"a long passphrase 42","name":"Cy","roles":["CLIENT"]}"#;
    let (_, body) = server.request("POST", "/api/v1/auth/register", Some(register));
    let user_token = json_field(&body, "accessToken");
    let top_up = r#"{"amount":{"amount":2500,"currency":"USD"},"paymentMethod":"pm_card_visa"}"#;
    let (status, body) = server.request_as(
        "POST",
        "/api/v1/wallet/top-ups",
        Some(top_up),
        Some(&user_token),
    );
    assert_eq!(status, 201, "{body}");
    let (status, _) = server.request_as(
        "GET",
        "/api/v1/admin/ledger/trial-balance",
        None,
        Some(&user_token),
    );
    assert_eq!(status, 403, "only admins see the trial balance");
    let (status, body) = server.request_as(
        "GET",
        "/api/v1/admin/ledger/trial-balance",
        None,
        Some(&admin_token),
    );
    assert_eq!(status, 200, "{body}");
    assert!(server.stop().success());

    let out = admin(&dir, &["ledger", "check"]);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("25.00 USD") && report.contains("ledger balanced"),
        "{report}"
    );
    let out = admin(&dir, &["payments", "reconcile"]);
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("0 pending operations settled"),
        "{printed}"
    );
    let out = Command::new(BIN)
        .args(["admin", "payments", "reconcile", "--data-dir"])
        .arg(&dir)
        .env_remove("OPENLANCE_DATABASE_URL")
        .env("OPENLANCE_PAYMENT_PROVIDER", "stripe")
        .output()
        .expect("run admin");
    let error = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "an unknown provider is refused");
    assert!(
        error.contains("payment_provider 'stripe' is not supported; supported providers: test"),
        "{error}"
    );

    // Someone edits a stored balance behind the ledger's back.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let url = format!("sqlite://{}", dir.join("openlance.db").display());
            let db = openlance_storage::Db::connect(&url, &Default::default())
                .await
                .unwrap();
            sqlx::query(
                "UPDATE ledger_accounts SET balance = balance + 1 WHERE balance IS NOT NULL",
            )
            .execute(db.writer())
            .await
            .unwrap();
            db.close().await;
        });
    let out = admin(&dir, &["ledger", "check"]);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        !out.status.success(),
        "a tampered ledger fails the check: {report}"
    );
    assert!(report.contains("PROBLEM"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs SQL against the data folder's SQLite database, as an operator's tool would.
fn sql(dir: &Path, statement: &str) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let url = format!("sqlite://{}", dir.join("openlance.db").display());
            let db = openlance_storage::Db::connect(&url, &Default::default())
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
                .execute(db.writer())
                .await
                .unwrap();
            db.close().await;
        });
}

#[test]
fn an_admin_lists_dead_letters_and_retries_one_into_its_consumer() {
    let dir = temp_dir("dead-letters");
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(BIN)
        .arg("migrate")
        .arg("--data-dir")
        .arg(&dir)
        .env_remove("OPENLANCE_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A welcome the notifications consumer gave up on, and one whose payload never decodes.
    sql(
        &dir,
        "INSERT INTO dead_letters (consumer, event_id, kind, subject, payload, occurred_at, \
           attempts, last_error, outcome, dead_at) VALUES \
         ('notifications', '0190b6c8-0000-7000-8000-000000000001', \
          'accounts.user_registered', 'u1', \
          '{\"userId\":\"0190b6c8-0000-7000-8000-0000000000aa\",\"email\":\"dee@example.com\",\"name\":\"Dee\",\"roles\":[\"CLIENT\"]}', \
          1, 8, 'smtp timeout', 'failed', 1), \
         ('notifications', '0190b6c8-0000-7000-8000-000000000002', \
          'accounts.user_registered', 'u2', '{}', 1, 8, 'bad payload', 'failed', 1)",
    );

    let out = admin(&dir, &["events", "dead-letters"]);
    let listing = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{listing}");
    assert!(
        listing.contains("1\tnotifications\taccounts.user_registered"),
        "{listing}"
    );
    assert!(
        listing.contains("smtp timeout") && listing.contains("bad payload"),
        "{listing}"
    );

    // Delivered again, the welcome is recorded (its e-mail queued for the delivery worker).
    let out = admin(&dir, &["events", "retry", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("dead letter 1 delivered"));

    let out = admin(&dir, &["events", "retry", "2"]);
    assert!(!out.status.success(), "a retry that fails again says so");
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing field"));
    let out = admin(&dir, &["events", "retry", "99"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no dead letter 99"));

    let out = admin(&dir, &["events", "dead-letters"]);
    let listing = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        !listing.contains("smtp timeout"),
        "the delivered one is gone: {listing}"
    );
    assert!(
        listing.contains("bad payload") || listing.contains("missing field"),
        "{listing}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_its_files_are_private_to_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    let dir = temp_dir("private");
    // Created world-readable, as a careless umask or an operator might leave it.
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let server = Server::start(&dir);
    let (status, body) = server.request(
        "POST",
        "/api/v1/auth/register",
        Some(r#"{"email":"ada@example.com","password":"correct horse battery staple","name":"Ada","roles":["CLIENT"]}"#),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(mode(&dir), 0o700, "data folder");
    for file in [
        "token-secret",
        "openlance.db",
        "openlance.db-wal",
        "openlance.db-shm",
    ] {
        assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
    }
    assert!(server.stop().success());
}

#[test]
fn seed_demo_fills_a_marketplace_the_website_shows_and_refuses_a_second_run() {
    let dir = temp_dir("seed");
    let seed = || {
        Command::new(BIN)
            .args(["seed", "--demo", "--extra-services", "12", "--data-dir"])
            .arg(&dir)
            .env_remove("OPENLANCE_DATABASE_URL")
            .output()
            .expect("run seed")
    };
    let out = seed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("bea@demo.openlance.test"), "{printed}");
    assert!(
        printed.contains("22 services") && printed.contains("completed and reviewed"),
        "{printed}"
    );
    let again = seed();
    assert!(!again.status.success(), "a second seed is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already seeded"));

    let server = Server::start(&dir);
    let (status, home) = server.request("GET", "/", None);
    assert_eq!(status, 200);
    assert!(
        home.contains("Featured services")
            && home.contains("Copywriting for your shop")
            && home.contains("Set up our online shop"),
        "{home}"
    );
    let (status, body) = server.request(
        "POST",
        "/api/v1/auth/login",
        Some(r#"{"email":"bea@demo.openlance.test","password":"demo password 2026"}"#),
    );
    assert_eq!(status, 200, "{body}");
    assert!(server.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}
