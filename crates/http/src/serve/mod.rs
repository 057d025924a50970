//! Serving the application on a TCP listener, with the bounds a public server needs:
//! a header-read timeout (which hyper also applies to the wait for the next request on a
//! keep-alive connection), an idle timeout (no byte moved either way: a stalled upload, a
//! client that stopped reading), and a cap on open connections kept below the process's
//! file-descriptor limit, so slow or idle clients can neither exhaust the descriptors nor
//! stop `/healthz` from answering. Shutdown is graceful: stop accepting, let requests in
//! flight finish (up to a grace period), close idle connections.

mod activity;
mod fd_limit;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

pub use fd_limit::{connections_for_fd_limit, raise_fd_limit};

use activity::{Activity, Tracked};

/// How connections are bounded.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    /// Longest a client may take to send a request's headers, and longest a keep-alive
    /// connection may wait for its next request.
    pub header_read_timeout: Duration,
    /// A connection on which no byte moved either way for this long is closed.
    pub idle_timeout: Duration,
    /// Most connections open at once; when all are taken, accepting pauses until one closes.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight before closing their connections.
    pub shutdown_grace: Duration,
}

impl Default for ServeSettings {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains gracefully. Handlers
/// see the peer's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    settings: ServeSettings,
    shutdown: impl Future<Output = ()> + Send,
) {
    let permits = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        // Take a connection slot before accepting: at the cap, new clients wait in the
        // listen backlog instead of costing a descriptor each.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Tracked::new(stream, activity.clone()));
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let connection = graceful.watch(http.serve_connection(io, service));
        let idle_timeout = settings.idle_timeout;
        tokio::spawn(async move {
            if let Some(Err(e)) = activity.run_until_idle(connection, idle_timeout).await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!(
        open = graceful.count(),
        "stopped accepting; finishing requests in flight"
    );
    if tokio::time::timeout(settings.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the grace period; closing them");
    }
}

/// Listens on `addr` with a backlog deep enough for a burst of connects (the kernel caps
/// it at `net.core.somaxconn`): clients held back by the connection cap wait there.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// An accept error is about one connection (it reset before we took it) or about the
/// process (out of descriptors): either way, keep serving; pause briefly on the latter
/// so a descriptor can free up instead of spinning.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept error");
    tokio::time::sleep(Duration::from_millis(100)).await;
}
