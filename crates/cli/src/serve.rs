//! `openlance serve`: connect and migrate the database, wire the contexts, start the
//! outbox relay and the HTTP server (with its connection bounds, see
//! `openlance_http::serve`), and shut down gracefully on SIGINT/SIGTERM (stop accepting,
//! finish requests in flight, flush the outbox).

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use openlance_bus::prune::{PruneJob, Pruner, Retention};
use openlance_bus::{
    AmqpBus, BrokerBus, Bus, Consumer, ConsumerHealth, ConsumerSettings, InProcessBus, NatsBus,
    Relay, RelaySettings, SupervisorSettings,
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
    crate::data_dir::create_private(&settings.data_dir)?;
    crate::data_dir::prepare_sqlite_file(&settings.database_url)?;
    let pool = PoolSettings {
        max_connections: settings.db_max_connections,
        ..Default::default()
    };
    let db = Db::connect(&settings.database_url, &pool)
        .await
        .with_context(|| format!("database {}", redact(&settings.database_url)))?;
    db.migrate(&openlance_http::migrations()).await?;
    crate::data_dir::restrict_sqlite_files(&settings.database_url)?;
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
    parts.mailer = openlance_notifications::mailer_for_url(&settings.mail_url)?;
    parts.notifications.public_url = settings.public_url();
    parts.notifications.marketplace_name = settings.marketplace_name.clone();
    parts.notifications.mail_from = settings.mail_from();
    parts.notifications.max_attempts = settings.mail_max_attempts;
    parts.payments.fee_bps = settings.platform_fee_bps;
    parts.contracts.review_period =
        Duration::from_secs(u64::from(settings.contract_review_days) * 24 * 60 * 60);
    parts.reviews.window =
        Duration::from_secs(u64::from(settings.review_window_days) * 24 * 60 * 60);
    parts.orders.request_expiry =
        Duration::from_secs(u64::from(settings.order_request_expiry_hours) * 60 * 60);
    parts.orders.auto_complete =
        Duration::from_secs(u64::from(settings.order_auto_complete_days) * 24 * 60 * 60);
    parts.http = HttpSettings {
        body_limit: settings.body_limit_bytes,
        request_timeout: Duration::from_secs(settings.request_timeout_secs),
        trust_forwarded_for: settings.trust_forwarded_for,
    };
    Ok(openlance_http::assemble(parts))
}

/// How often the prune jobs run.
const PRUNE_EVERY: Duration = Duration::from_secs(300);

/// How long sent e-mails are kept (past the bus's receipts, which stop redeliveries first).
const SENT_EMAILS_KEPT: Duration = Duration::from_secs(30 * 24 * 3600);

/// The scheduled prune jobs: the bus's own (published outbox rows and receipts, old dead
/// letters) and each context's: expired tokens and throttling rows of accounts,
/// Idempotency-Keys older than their 24 hours, and e-mails sent a month ago.
fn pruner(app: &App) -> Pruner {
    let (accounts, clock) = (app.accounts.clone(), app.clock.clone());
    let expired_tokens = PruneJob::new("accounts.expired", move || {
        let (accounts, now) = (accounts.clone(), clock.now());
        Box::pin(async move { accounts.prune_expired(now).await.map_err(|e| e.to_string()) })
    });
    let (db, clock) = (app.db.clone(), app.clock.clone());
    let idempotency_keys = PruneJob::new("http.idempotency_keys", move || {
        let db = db.clone();
        let before = openlance_core::time::to_micros(clock.now())
            - openlance_http::idempotency::RETENTION.as_micros() as i64;
        Box::pin(async move {
            openlance_http::idempotency::prune(&db, before)
                .await
                .map_err(|e| e.to_string())
        })
    });
    let (notifications, clock) = (app.notifications.clone(), app.clock.clone());
    let sent_emails = PruneJob::new("notifications.sent_emails", move || {
        let notifications = notifications.clone();
        let before = openlance_bus::dead_letters::cutoff(clock.as_ref(), SENT_EMAILS_KEPT);
        Box::pin(async move {
            notifications
                .prune_finished_emails(before)
                .await
                .map_err(|e| e.to_string())
        })
    });
    openlance_bus::prune::bus_jobs(&app.db, &app.clock, &Retention::default())
        .into_iter()
        .chain([expired_tokens, idempotency_keys, sent_emails])
        .fold(Pruner::new(PRUNE_EVERY), Pruner::with)
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

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let cache = openlance_cache::connect(&settings.cache_url)
        .await
        .with_context(|| format!("cache {}", redact(&settings.cache_url)))?;
    let mut app = build_app(&settings, db.clone(), clock.clone(), cache)?;
    let health = ConsumerHealth::default();
    let consumers = openlance_http::consumers(&app);
    let (bus, mut workers) =
        start_bus(&settings, &db, &clock, consumers, &health, &stopped).await?;
    workers.push(tokio::spawn(pruner(&app).run(stopped.clone())));
    let relay = Relay::new(db.clone(), bus, clock, RelaySettings::default());
    app.consumers = health;
    let state = AppState(Arc::new(app));

    let relay_task = tokio::spawn(relay.run(stopped));
    // Settles payment provider operations left pending by timeouts or crashes.
    tokio::spawn(
        state
            .payments
            .clone()
            .reconcile_every(Duration::from_secs(30)),
    );
    // Accepts milestones left in review past the review period (each once, across instances).
    tokio::spawn(
        state
            .contracts
            .clone()
            .run_timers_every(Duration::from_secs(60)),
    );
    // Expires unanswered order requests and completes deliveries nobody confirmed (each
    // due order once, across instances).
    tokio::spawn(
        state
            .orders
            .clone()
            .run_expiry_every(Duration::from_secs(60)),
    );
    tokio::spawn(
        state
            .orders
            .clone()
            .run_auto_complete_every(Duration::from_secs(60)),
    );

    // Sends e-mails as soon as they are queued, and retries coming due (each once, across
    // instances).
    let notifications = state.notifications.clone();
    let deliveries = tokio::spawn(
        notifications
            .clone()
            .run_deliveries_until(Duration::from_secs(1), stop.subscribe()),
    );

    println!("Openlance is running at http://{addr}  (API docs: http://{addr}/docs)");
    // Not `println!`: a closed stdout (a supervisor that read only the banner) must not
    // stop the server.
    let _ = writeln!(
        std::io::stdout(),
        "Payments: built-in test provider (test mode, no real money moves)"
    );
    let _ = writeln!(std::io::stdout(), "Mail: {}", redact(&settings.mail_url));
    tracing::info!(%addr, "listening");

    openlance_http::serve(
        listener,
        openlance_http::router_with_site(state.clone(), Some(openlance_web::site(state))),
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
    // The delivery loop finishes the sends in hand (and records them) before the flush, so
    // none is cut off by the database closing.
    let _ = tokio::time::timeout(Duration::from_secs(10), deliveries).await;
    // What the flush queued (a reset link requested just before the signal) goes out now.
    if tokio::time::timeout(Duration::from_secs(10), notifications.flush_deliveries())
        .await
        .is_err()
    {
        tracing::warn!("e-mail flush did not finish in 10s; the rest goes out on next start");
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
    health: &ConsumerHealth,
    stopped: &tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<(Arc<dyn Bus>, Vec<tokio::task::JoinHandle<()>>)> {
    let url = settings.bus_url.as_str();
    if url == "memory:" || url.is_empty() {
        let bus = InProcessBus::new(db.clone(), clock.clone())
            .with_max_attempts(settings.event_max_attempts);
        consumers.into_iter().for_each(|c| bus.subscribe(c));
        return Ok((Arc::new(bus), Vec::new()));
    }
    if url.starts_with("nats://") {
        let bus = NatsBus::connect(url, "OPENLANCE_EVENTS", "openlance").await?;
        return start_consumers(bus, settings, db, clock, consumers, health, stopped).await;
    }
    if url.starts_with("amqp://") || url.starts_with("amqps://") {
        let bus = AmqpBus::connect(url, "openlance.events").await?;
        return start_consumers(bus, settings, db, clock, consumers, health, stopped).await;
    }
    anyhow::bail!(
        "unsupported bus URL '{}': use memory:, nats://… or amqp://…",
        redact(url)
    )
}

/// Prepares every consumer's durable subscription before the relay starts (so no event is
/// published to nobody), then runs each as a supervised task of this instance: restarted
/// with backoff when it fails, and reported by `/readyz` while it is down.
async fn start_consumers<B: BrokerBus>(
    bus: B,
    settings: &Settings,
    db: &Db,
    clock: &Arc<dyn Clock>,
    consumers: Vec<Arc<dyn Consumer>>,
    health: &ConsumerHealth,
    stopped: &tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<(Arc<dyn Bus>, Vec<tokio::task::JoinHandle<()>>)> {
    for consumer in &consumers {
        bus.prepare_consumer(consumer.name()).await?;
    }
    let workers = openlance_bus::supervise(
        bus.clone(),
        db.clone(),
        clock.clone(),
        consumers,
        ConsumerSettings {
            max_attempts: settings.event_max_attempts,
            ..ConsumerSettings::default()
        },
        SupervisorSettings::default(),
        health.clone(),
        stopped.clone(),
    );
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
