//! `openlance seed --users --services --jobs --orders` as an operator runs it: a small
//! bulk-seeded marketplace has the rows asked for, balances its ledger, refuses a second
//! run, and serves what a user would look at — a keyword search finding seeded jobs, a
//! seeded user's login, a seeded order with its history. On the engine that
//! `OPENLANCE_TEST_DATABASE_URL` names (a fresh database on PostgreSQL), else SQLite.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use openlance_storage::{Db, Row};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_openlance");
const PASSWORD: &str = "seed password 2026";

/// Where the seeded marketplace lives: a data folder, and a PostgreSQL database when
/// the tests run on PostgreSQL.
struct Place {
    dir: PathBuf,
    postgres: Option<(String, String)>,
}

impl Place {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("openlance-seed-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let postgres = match std::env::var("OPENLANCE_TEST_DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => {
                let name = format!("openlance_seed_{name}_{}", std::process::id());
                block_on(async {
                    let admin = Db::connect(&url, &Default::default()).await.unwrap();
                    let drop = format!("DROP DATABASE IF EXISTS {name}");
                    sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                        .execute(admin.writer())
                        .await
                        .unwrap();
                    let create = format!("CREATE DATABASE {name}");
                    sqlx::raw_sql(sqlx::AssertSqlSafe(create))
                        .execute(admin.writer())
                        .await
                        .unwrap();
                    admin.close().await;
                });
                let base = url.rsplit_once('/').unwrap().0;
                Some((url.clone(), format!("{base}/{name}")))
            }
            _ => None,
        };
        Self { dir, postgres }
    }

    fn database_url(&self) -> String {
        match &self.postgres {
            Some((_, url)) => url.clone(),
            None => format!("sqlite://{}", self.dir.join("openlance.db").display()),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args).arg("--data-dir").arg(&self.dir);
        cmd.env_remove("OPENLANCE_BUS_URL");
        match &self.postgres {
            Some((_, url)) => cmd.env("OPENLANCE_DATABASE_URL", url),
            None => cmd.env_remove("OPENLANCE_DATABASE_URL"),
        };
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// The first column of the first row of `sql`, as a number.
    fn count(&self, sql: &str) -> i64 {
        let url = self.database_url();
        block_on(async {
            let db = Db::connect(&url, &Default::default()).await.unwrap();
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .fetch_one(db.reader())
                .await
                .unwrap();
            let n: i64 = row.try_get(0).unwrap();
            db.close().await;
            n
        })
    }

    /// The first row of `sql`, as text columns.
    fn texts(&self, sql: &str, columns: usize) -> Vec<String> {
        let url = self.database_url();
        block_on(async {
            let db = Db::connect(&url, &Default::default()).await.unwrap();
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .fetch_one(db.reader())
                .await
                .unwrap();
            let texts = (0..columns).map(|i| row.try_get(i).unwrap()).collect();
            db.close().await;
            texts
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((admin, url)) = &self.postgres {
            let name = url.rsplit_once('/').unwrap().1.to_string();
            let admin = admin.clone();
            block_on(async {
                if let Ok(db) = Db::connect(&admin, &Default::default()).await {
                    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                        .execute(db.writer())
                        .await;
                    db.close().await;
                }
            });
        }
    }
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(place: &Place) -> Self {
        let log = std::fs::File::create(place.dir.join("server.log")).unwrap();
        let mut child = place
            .command(&["serve", "--bind", "127.0.0.1:0"])
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

    fn request(&self, method: &str, path: &str, body: &str, token: Option<&str>) -> (u16, Value) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n{auth}Connection: close\r\n\r\n{body}",
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
        let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }

    fn login(&self, email: &str) -> String {
        let body = format!(r#"{{"email":"{email}","password":"{PASSWORD}"}}"#);
        let (status, json) = self.request("POST", "/api/v1/auth/login", &body, None);
        assert_eq!(status, 200, "{email} logs in: {json}");
        json["accessToken"].as_str().unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_bulk_seeded_marketplace_is_complete_balanced_searchable_and_seeded_once() {
    let place = Place::new("bulk");
    let args = [
        "seed",
        "--users",
        "30",
        "--services",
        "60",
        "--jobs",
        "300",
        "--orders",
        "40",
    ];
    let out = place.run(&args);
    let summary = stdout(&out);
    assert!(
        out.status.success(),
        "{summary}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        summary.contains(PASSWORD),
        "the summary names the password: {summary}"
    );
    assert!(summary.contains("rows/s"), "{summary}");

    // Every row asked for, each user with a verified email, both roles and a profile.
    let count = |sql: &str| place.count(sql);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM users WHERE email LIKE 'seed%@example.com' AND email_verified_at IS NOT NULL AND roles LIKE '%CLIENT%' AND roles LIKE '%FREELANCER%'"
        ),
        30
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM user_profiles WHERE headline IS NOT NULL AND bio IS NOT NULL AND skills <> '[]'"
        ),
        30
    );
    assert_eq!(count("SELECT COUNT(*) FROM services"), 60);
    assert_eq!(count("SELECT COUNT(*) FROM jobs"), 300);
    assert_eq!(count("SELECT COUNT(*) FROM orders"), 40);
    let open = count("SELECT COUNT(*) FROM jobs WHERE status = 'OPEN'");
    assert!(
        (240..300).contains(&open),
        "about 90% of jobs are open: {open}"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM job_transitions WHERE to_status = 'CLOSED'"),
        300 - open,
        "each closed job has its audit row"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM jobs a JOIN jobs b ON b.seq = a.seq + 1 WHERE b.created_at < a.created_at"
        ),
        0,
        "a newer job has a larger seq"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM orders WHERE status NOT IN ('REQUESTED', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED') OR deposit + balance <> price OR buyer_id = seller_id"
        ),
        0,
        "orders move no money, split their price and never buy from oneself"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM orders o WHERE status <> 'REQUESTED' AND NOT EXISTS (SELECT 1 FROM order_transitions t WHERE t.subject_id = o.id AND t.to_status = o.status)"
        ),
        0,
        "every answered order has the transition into its state"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox"),
        0,
        "no events: nobody is notified"
    );

    // The ledger is untouched and balanced.
    let check = place.run(&["admin", "ledger", "check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("ledger balanced"),
        "{}",
        stdout(&check)
    );

    // A second run is refused, with a reason.
    let again = place.run(&args);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already seeded"), "{err}");
    assert_eq!(
        count("SELECT COUNT(*) FROM jobs"),
        300,
        "nothing more was written"
    );

    let server = Server::start(&place);
    // A word of the newest job's title finds it by keyword search.
    let (status, page) = server.request("GET", "/api/v1/jobs?limit=1", "", None);
    assert_eq!(status, 200, "{page}");
    let newest = &page["items"][0];
    let word = newest["title"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .filter(|w| w.len() >= 5 && w.chars().all(char::is_alphabetic))
        .max_by_key(|w| w.len())
        .unwrap()
        .to_lowercase();
    let (status, found) =
        server.request("GET", &format!("/api/v1/jobs?q={word}&limit=100"), "", None);
    assert_eq!(status, 200, "{found}");
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&newest["id"].as_str().unwrap()),
        "{word}: {found}"
    );

    // A seeded buyer logs in and reads a cancelled order with its whole history.
    let order = place.texts(
        "SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.buyer_id \
         WHERE o.status = 'CANCELLED' ORDER BY o.id LIMIT 1",
        2,
    );
    let token = server.login(&order[1]);
    let (status, json) = server.request(
        "GET",
        &format!("/api/v1/orders/{}", order[0]),
        "",
        Some(&token),
    );
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["status"], "CANCELLED", "{json}");
    let history = json["history"].as_array().unwrap();
    assert!(history.len() >= 2, "placed, then cancelled: {json}");
    assert_eq!(history.last().unwrap()["to"], "CANCELLED", "{json}");
    let (status, _) = server.request("GET", "/api/v1/users/me", "", Some(&token));
    assert_eq!(status, 200);
}

#[test]
fn seeding_needs_something_to_seed_and_users_to_own_it() {
    let place = Place::new("refusals");
    let out = place.run(&["seed"]);
    assert!(!out.status.success());
    let out = place.run(&["seed", "--jobs", "10"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--users"));
    let out = place.run(&["seed", "--demo", "--users", "3"]);
    assert!(
        !out.status.success(),
        "--demo is not combined with bulk sizes"
    );
}
