//! `openlance-loadgen`: a small closed-loop HTTP/1.1 load generator for benchmarking an
//! Openlance server on this machine. Each connection sends a request, waits for the whole
//! response, and sends the next (keep-alive), for a bounded time. It prints requests per
//! second, p50/p99/max latency, the status counts, and the server's resident memory when
//! given its pid.
//!
//! Scenarios: `healthz` (the bare stack), `me` (token check + primary-key read),
//! `profile` (a public profile, served from the cache),
//! `wallet` (token check + balance read), `top-up` (a ledger write with an idempotency key per
//! request), `openapi` (a large cached body).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[derive(Parser)]
#[command(about = "Load generator for an Openlance server on loopback")]
struct Args {
    /// Server address (loopback only), e.g. 127.0.0.1:8080.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// healthz | me | profile | wallet | top-up | openapi
    #[arg(long, default_value = "healthz")]
    scenario: String,
    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Seconds to run (at most 120).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Server pid, to report its resident memory.
    #[arg(long)]
    pid: Option<u32>,
}

struct Plan {
    method: &'static str,
    path: String,
    token: Option<String>,
    body: Option<String>,
    idempotent_writes: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let host = args.addr.split(':').next().unwrap_or_default();
    if !(host.starts_with("127.") || host == "localhost" || host == "[::1]") {
        bail!("loadgen only targets loopback addresses");
    }
    let seconds = args.seconds.min(120);
    let plan = Arc::new(plan(&args).await?);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..args.connections {
        let addr = args.addr.clone();
        let plan = plan.clone();
        tasks.push(tokio::spawn(async move {
            connection(&addr, &plan, deadline).await
        }));
    }
    let mut latencies = Vec::new();
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    for t in tasks {
        let (lat, st) = t.await??;
        latencies.extend(lat);
        for (k, v) in st {
            *statuses.entry(k).or_default() += v;
        }
    }
    latencies.sort_unstable();
    let n = latencies.len().max(1);
    let pct = |p: f64| {
        latencies
            .get(((n as f64 * p) as usize).min(n - 1))
            .copied()
            .unwrap_or_default()
    };
    println!("scenario      {}", args.scenario);
    println!("connections   {}", args.connections);
    println!("duration      {seconds}s");
    println!("requests      {}", latencies.len());
    println!(
        "rps           {:.0}",
        latencies.len() as f64 / seconds as f64
    );
    println!("p50           {:.2} ms", pct(0.50).as_secs_f64() * 1e3);
    println!("p99           {:.2} ms", pct(0.99).as_secs_f64() * 1e3);
    println!(
        "max           {:.2} ms",
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    println!("statuses      {statuses:?}");
    if let Some(pid) = args.pid {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        };
        if let (Some(rss), Some(peak)) = (field("VmRSS:"), field("VmHWM:")) {
            println!("server memory {rss} (peak {peak})");
        }
    }
    Ok(())
}

/// Sets up what the scenario needs (a user, a token) and describes its request.
async fn plan(args: &Args) -> anyhow::Result<Plan> {
    let simple = |path: &str| Plan {
        method: "GET",
        path: path.to_string(),
        token: None,
        body: None,
        idempotent_writes: false,
    };
    let authed = |path: &str, token: String| Plan {
        method: "GET",
        path: path.to_string(),
        token: Some(token),
        body: None,
        idempotent_writes: false,
    };
    Ok(match args.scenario.as_str() {
        "healthz" => simple("/healthz"),
        "openapi" => simple("/api/openapi.json"),
        "me" => authed("/api/v1/users/me", register(&args.addr).await?.0),
        "profile" => simple(&format!("/api/v1/users/{}", register(&args.addr).await?.1)),
        "wallet" => authed("/api/v1/wallet", register(&args.addr).await?.0),
        "top-up" => Plan {
            method: "POST",
            path: "/api/v1/wallet/top-ups".into(),
            token: Some(register(&args.addr).await?.0),
            body: Some(
                r#"{"amount":{"amount":1000,"currency":"USD"},"paymentMethod":"pm_card_visa"}"#
                    .into(),
            ),
            idempotent_writes: true,
        },
        other => bail!("unknown scenario {other}"),
    })
}

/// Registers a fresh user; returns its access token and id.
async fn register(addr: &str) -> anyhow::Result<(String, String)> {
    let email = format!("load-{}@example.com", uuid::Uuid::now_v7().simple());
    let body = serde_json::json!({
        "email": email, "password": "load generator passphrase", "name": "Load", "roles": ["CLIENT", "FREELANCER"]
    })
    .to_string();
    let stream = TcpStream::connect(addr).await.context("connect")?;
    let mut conn = BufReader::new(stream);
    let (status, body) = send(
        &mut conn,
        "POST",
        "/api/v1/auth/register",
        None,
        Some(&body),
        None,
    )
    .await?;
    if status != 201 {
        bail!("registration failed with {status}: {body}");
    }
    let json: serde_json::Value = serde_json::from_str(&body)?;
    let field = |name: &str| json[name].as_str().map(str::to_string);
    let token = field("accessToken").context("no accessToken in registration response")?;
    let id = json["user"]["id"]
        .as_str()
        .map(str::to_string)
        .context("no user id in registration response")?;
    Ok((token, id))
}

type Outcome = (Vec<Duration>, BTreeMap<u16, u64>);

async fn connection(addr: &str, plan: &Plan, deadline: Instant) -> anyhow::Result<Outcome> {
    let mut conn = BufReader::new(TcpStream::connect(addr).await.context("connect")?);
    let mut latencies = Vec::new();
    let mut statuses = BTreeMap::new();
    while Instant::now() < deadline {
        let key = plan
            .idempotent_writes
            .then(|| uuid::Uuid::now_v7().to_string());
        let start = Instant::now();
        let (status, _) = send(
            &mut conn,
            plan.method,
            &plan.path,
            plan.token.as_deref(),
            plan.body.as_deref(),
            key.as_deref(),
        )
        .await?;
        latencies.push(start.elapsed());
        *statuses.entry(status).or_default() += 1;
    }
    Ok((latencies, statuses))
}

async fn send(
    conn: &mut BufReader<TcpStream>,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    idempotency_key: Option<&str>,
) -> anyhow::Result<(u16, String)> {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    if let Some(k) = idempotency_key {
        req.push_str(&format!("Idempotency-Key: {k}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    conn.get_mut().write_all(req.as_bytes()).await?;

    let mut line = String::new();
    conn.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("bad status line")?;
    let mut length = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut buf = vec![0; length];
    conn.read_exact(&mut buf).await?;
    Ok((status, String::from_utf8_lossy(&buf).into_owned()))
}
