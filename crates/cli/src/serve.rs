//! `openlance serve`: connect and migrate the database, wire the contexts, start the
//! outbox relay and the HTTP server (with its connection bounds, see
//! `openlance_http::serve`), and shut down gracefully on SIGINT/SIGTERM (stop accepting,
//! finish requests in flight, flush the outbox).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use openlance_bus::{
    AmqpBus, BrokerBus, Bus, Consumer, ConsumerSettings, InProcessBus, NatsBus, Relay,
    RelaySettings,
};
use openlance_core::{Clock, SystemClock};
use openlance_http::{App, AppState, HttpSettings, Parts, ServeSettings};
use openlance_storage::{Db, PoolSettings, redact};

use crate::config::Settings;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "OPENLANCE_BIND")]
    pub bind: Option<SocketAddr>,
}

/// Opens the configured database (creating the data folder) and applies migrations.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("cannot create data folder {}", settings.data_dir.display()))?;
    let pool = PoolSettings {
        max_connections: settings.db_max_connections,
        ..Default::default()
    };
    let db = Db::connect(&settings.database_url, &pool)
        .await
        .with_context(|| format!("database {}", redact(&settings.database_url)))?;
    db.migrate(&openlance_http::migrations()).await?;
    Ok(db)
}

pub async fn migrate_only(settings: &Settings) -> anyhow::Result<ExitCode> {
    let db = open_database(settings).await?;
    println!("migrations applied to {}", redact(&settings.database_url));
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Builds the application from the settings, with the same [`openlance_http::assemble`]
/// the test harness uses; shared by `serve` and the admin commands.
pub fn build_app(
    settings: &Settings,
    db: Db,
    clock: Arc<dyn Clock>,
    cache: Arc<dyn openlance_cache::Cache>,
) -> anyhow::Result<App> {
    let mut parts = Parts::new(db, clock, settings.token_secret()?);
    parts.cache = cache;
    parts.accounts.public_url = settings.public_url();
    parts.payments.fee_bps = settings.platform_fee_bps;
    parts.http = HttpSettings {
        body_limit: settings.body_limit_bytes,
        request_timeout: Duration::from_secs(settings.request_timeout_secs),
        trust_forwarded_for: settings.trust_forwarded_for,
    };
    Ok(openlance_http::assemble(parts))
}

pub async fn run(mut settings: Settings) -> anyhow::Result<ExitCode> {
    tracing::info!(?settings, "starting");
    let db = open_database(&settings).await?;
    // Bind first, so links in e-mails name the real port when it was picked by the system.
    let serving = serve_settings(&settings);
    let listener = openlance_http::serve::bind(settings.bind)
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    settings.bind = addr;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);

    let cache = openlance_cache::connect(&settings.cache_url)
        .await
        .with_context(|| format!("cache {}", redact(&settings.cache_url)))?;
    let mut app = build_app(&settings, db.clone(), clock.clone(), cache)?;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let consumers = openlance_http::consumers(&app);
    let (bus, mut workers) = start_bus(&settings, &db, &clock, consumers, &stopped).await?;
    let relay = Relay::new(db.clone(), bus, clock, RelaySettings::default());
    app.outbox_signal = relay.signal();
    let state = AppState(Arc::new(app));

    let relay_task = tokio::spawn(relay.run(stopped));

    println!("Openlance is running at http://{addr}  (API docs: http://{addr}/docs)");
    tracing::info!(%addr, "listening");

    openlance_http::serve(
        listener,
        openlance_http::router(state),
        serving,
        shutdown_signal(),
    )
    .await;

    tracing::info!("stopped accepting; flushing the outbox");
    let _ = stop.send(true);
    if tokio::time::timeout(Duration::from_secs(10), relay_task)
        .await
        .is_err()
    {
        tracing::warn!("outbox flush did not finish in 10s; the rest goes out on next start");
    }
    for worker in workers.drain(..) {
        let _ = tokio::time::timeout(Duration::from_secs(5), worker).await;
    }
    db.close().await;
    tracing::info!("bye");
    Ok(ExitCode::SUCCESS)
}

/// How connections are bounded: raises the open-file limit first, then keeps the
/// connection cap (configured or derived) below it.
fn serve_settings(settings: &Settings) -> ServeSettings {
    let fd_limit = openlance_http::serve::raise_fd_limit();
    let fitting = openlance_http::serve::connections_for_fd_limit(fd_limit);
    let max_connections = match settings.max_connections {
        Some(wanted) if wanted > fitting => {
            tracing::warn!(
                wanted,
                fd_limit,
                "max_connections lowered to {fitting} to stay under the open-file limit"
            );
            fitting
        }
        Some(wanted) => wanted,
        None => fitting,
    };
    tracing::info!(fd_limit, max_connections, "connection limits");
    ServeSettings {
        header_read_timeout: Duration::from_secs(settings.header_read_timeout_secs),
        idle_timeout: Duration::from_secs(settings.idle_timeout_secs),
        max_connections,
        ..ServeSettings::default()
    }
}

/// The bus the relay publishes to, with `consumers` subscribed: in-process by default, or
/// a broker (NATS JetStream, RabbitMQ), where each consumer runs as a durable consumer.
async fn start_bus(
    settings: &Settings,
    db: &Db,
    clock: &Arc<dyn Clock>,
    consumers: Vec<Arc<dyn Consumer>>,
    stopped: &tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<(Arc<dyn Bus>, Vec<tokio::task::JoinHandle<()>>)> {
    let url = settings.bus_url.as_str();
    if url == "memory:" || url.is_empty() {
        let bus = InProcessBus::new(db.clone(), clock.clone());
        consumers.into_iter().for_each(|c| bus.subscribe(c));
        return Ok((Arc::new(bus), Vec::new()));
    }
    if url.starts_with("nats://") {
        let bus = NatsBus::connect(url, "OPENLANCE_EVENTS", "openlance").await?;
        return start_consumers(bus, db, clock, consumers, stopped).await;
    }
    if url.starts_with("amqp://") || url.starts_with("amqps://") {
        let bus = AmqpBus::connect(url, "openlance.events").await?;
        return start_consumers(bus, db, clock, consumers, stopped).await;
    }
    anyhow::bail!(
        "unsupported bus URL '{}': use memory:, nats://… or amqp://…",
        redact(url)
    )
}

/// Prepares every consumer's durable subscription before the relay starts (so no event is
/// published to nobody), then runs each as a task of this instance.
async fn start_consumers<B: BrokerBus>(
    bus: B,
    db: &Db,
    clock: &Arc<dyn Clock>,
    consumers: Vec<Arc<dyn Consumer>>,
    stopped: &tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<(Arc<dyn Bus>, Vec<tokio::task::JoinHandle<()>>)> {
    let mut workers = Vec::new();
    for consumer in consumers {
        bus.prepare_consumer(consumer.name()).await?;
        let (bus, db, clock, stopped) = (bus.clone(), db.clone(), clock.clone(), stopped.clone());
        workers.push(tokio::spawn(async move {
            let name = consumer.name();
            let settings = ConsumerSettings::default();
            if let Err(e) = bus
                .run_consumer(db, clock, consumer, settings, stopped)
                .await
            {
                tracing::error!(consumer = name, error = %e, "event consumer stopped");
            }
        }));
    }
    Ok((Arc::new(bus), workers))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutdown signal received");
}
