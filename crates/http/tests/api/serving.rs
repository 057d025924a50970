//! The server on a real socket: idle, keep-alive-idle and slowloris connections are closed
//! within the header-read timeout while `/healthz` keeps answering, and the connection cap
//! holds new clients back until a slot frees.

use std::net::SocketAddr;
use std::time::Duration;

use openlance_http::serve::{bind, raise_fd_limit};
use openlance_http::testing::TestApp;
use openlance_http::{ServeSettings, router, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, sleep, timeout};

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n";

struct Server {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
    _app: TestApp,
}

async fn start(settings: ServeSettings) -> Server {
    let app = TestApp::new().await;
    let listener = bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(
        listener,
        router(app.state.clone()),
        settings,
        async move {
            let _ = stopped.await;
        },
    ));
    Server {
        addr,
        stop,
        task,
        _app: app,
    }
}

impl Server {
    /// Stops the server; it must drain and return promptly.
    async fn stop(self) {
        let _ = self.stop.send(());
        timeout(Duration::from_secs(10), self.task)
            .await
            .expect("the server stops after its shutdown signal")
            .unwrap();
    }
}

/// One `GET /healthz` on a fresh connection; the status line of its answer.
async fn healthz(addr: SocketAddr) -> String {
    let mut conn = TcpStream::connect(addr).await.unwrap();
    conn.write_all(HEALTHZ).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let mut got = Vec::new();
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed before answering");
        got.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&got)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Reads until the server closes the connection (EOF or reset); gives up after `limit`.
async fn wait_closed(conn: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 1024];
    timeout(limit, async {
        loop {
            match conn.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[derive(Clone, Copy)]
enum Misbehaviour {
    /// Connects and sends nothing.
    Silent,
    /// Sends one whole request, reads the answer, then keeps the connection open.
    KeepAliveIdle,
    /// Sends a header a few bytes at a time and never finishes.
    Slowloris,
}

/// Runs one misbehaving client; returns how long the server kept it open.
async fn misbehave(addr: SocketAddr, how: Misbehaviour) -> Option<Duration> {
    let mut conn = TcpStream::connect(addr).await.ok()?;
    let opened = Instant::now();
    let limit = Duration::from_secs(8);
    match how {
        Misbehaviour::Silent => {}
        Misbehaviour::KeepAliveIdle => {
            conn.write_all(HEALTHZ).await.ok()?;
            let mut buf = [0u8; 2048];
            let n = conn.read(&mut buf).await.ok()?;
            assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        }
        Misbehaviour::Slowloris => {
            conn.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
                .await
                .ok()?;
            for i in 0..40 {
                let mut buf = [0u8; 64];
                // A byte now and then, watching for the server closing on us.
                match timeout(Duration::from_millis(200), conn.read(&mut buf)).await {
                    Ok(_) => return Some(opened.elapsed()),
                    Err(_) => {
                        if conn
                            .write_all(format!("X-{i}: y\r\n").as_bytes())
                            .await
                            .is_err()
                        {
                            return Some(opened.elapsed());
                        }
                    }
                }
            }
        }
    }
    wait_closed(&mut conn, limit)
        .await
        .then(|| opened.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_idle_and_slowloris_connections_are_closed_while_healthz_answers() {
    raise_fd_limit();
    let server = start(ServeSettings {
        header_read_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(30),
        max_connections: 2_000,
        ..ServeSettings::default()
    })
    .await;
    let addr = server.addr;

    let kinds = [
        Misbehaviour::Silent,
        Misbehaviour::KeepAliveIdle,
        Misbehaviour::Slowloris,
    ];
    let clients: Vec<_> = (0..1_000)
        .map(|i| tokio::spawn(misbehave(addr, kinds[i % kinds.len()])))
        .collect();

    // While they hang on, /healthz answers every time, within a second.
    let prober = tokio::spawn(async move {
        let mut answered = 0;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(3) {
            let status = timeout(Duration::from_secs(1), healthz(addr))
                .await
                .expect("/healthz answers within 1 s while slow clients hang on");
            assert_eq!(status, "HTTP/1.1 200 OK");
            answered += 1;
            sleep(Duration::from_millis(100)).await;
        }
        answered
    });

    let mut kept_open = Vec::new();
    for client in clients {
        kept_open.push(client.await.unwrap());
    }
    assert!(prober.await.unwrap() >= 5, "/healthz was probed throughout");
    let unclosed = kept_open.iter().filter(|k| k.is_none()).count();
    assert_eq!(unclosed, 0, "every slow connection is closed by the server");
    let longest = kept_open
        .iter()
        .flatten()
        .max()
        .copied()
        .unwrap_or_default();
    assert!(
        longest < Duration::from_secs(4),
        "closed within the 1 s timeout plus a margin, the longest took {longest:?}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_connection_cap_new_clients_wait_for_a_free_slot() {
    let server = start(ServeSettings {
        header_read_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(30),
        max_connections: 20,
        ..ServeSettings::default()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // Give the accept loop time to take all twenty (it may, it must not take a 21st).
    sleep(Duration::from_millis(200)).await;
    let waiting = tokio::spawn(healthz(server.addr));
    sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "a 21st connection is not served while 20 are open"
    );

    drop(idle.pop());
    let status = timeout(Duration::from_secs(5), waiting)
        .await
        .expect("served once a slot frees")
        .unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    drop(idle);
    server.stop().await;
}

#[tokio::test]
async fn a_connection_on_which_nothing_moves_is_closed_after_the_idle_timeout() {
    // A request whose body never arrives: past the headers, so only the idle timeout
    // (not the header-read timeout) can end it.
    let server = start(ServeSettings {
        header_read_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(1),
        max_connections: 10,
        ..ServeSettings::default()
    })
    .await;
    let mut conn = TcpStream::connect(server.addr).await.unwrap();
    conn.write_all(
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"em",
    )
    .await
    .unwrap();
    assert!(
        wait_closed(&mut conn, Duration::from_secs(5)).await,
        "a stalled upload is closed"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_accepting_and_finishes_the_request_in_flight() {
    let server = start(ServeSettings {
        header_read_timeout: Duration::from_secs(30),
        idle_timeout: Duration::from_secs(30),
        max_connections: 10,
        ..ServeSettings::default()
    })
    .await;
    let addr = server.addr;
    let body = r#"{"email":"nobody@example.com","password":"not the password"}"#;
    let (head, tail) = body.split_at(10);
    let mut in_flight = TcpStream::connect(addr).await.unwrap();
    in_flight
        .write_all(
            format!(
                "POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{head}",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    sleep(Duration::from_millis(200)).await;

    let _ = server.stop.send(());
    sleep(Duration::from_millis(200)).await;
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no new connection is accepted once shutdown began"
    );
    in_flight.write_all(tail.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    timeout(Duration::from_secs(5), in_flight.read_to_end(&mut answer))
        .await
        .expect("the request in flight is answered, then the connection closes")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    timeout(Duration::from_secs(5), server.task)
        .await
        .expect("serve returns once nothing is in flight")
        .unwrap();
}
