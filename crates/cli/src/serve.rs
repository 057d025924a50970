//! `openlance serve`: connect and migrate the database, wire the contexts, start the
//! outbox relay and the HTTP server, and shut down gracefully on SIGINT/SIGTERM (stop
//! accepting, finish requests in flight, flush the outbox).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use openlance_accounts::{Accounts, AccountsConfig};
use openlance_bus::{Bus, InProcessBus, Relay, RelaySettings};
use openlance_core::{Clock, SystemClock};
use openlance_http::{App, AppState, HttpSettings, Metrics};
use openlance_payments::{Payments, PaymentsConfig};
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

/// Builds the application state shared by `serve` and the admin commands.
pub fn build_app(settings: &Settings, db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<App> {
    let accounts = Accounts::new(
        db.clone(),
        clock.clone(),
        AccountsConfig::new(settings.token_secret()?),
    );
    let payments = Payments::new(
        db.clone(),
        clock.clone(),
        PaymentsConfig {
            fee_bps: settings.platform_fee_bps,
            ..PaymentsConfig::default()
        },
    );
    Ok(App {
        db,
        clock,
        accounts,
        payments,
        metrics: Metrics::default(),
        http: HttpSettings {
            body_limit: settings.body_limit_bytes,
            request_timeout: Duration::from_secs(settings.request_timeout_secs),
        },
        outbox_signal: Default::default(),
    })
}

pub async fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    tracing::info!(?settings, "starting");
    let db = open_database(&settings).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);

    let bus = Arc::new(InProcessBus::new(db.clone(), clock.clone()));
    let relay = Relay::new(
        db.clone(),
        bus.clone() as Arc<dyn Bus>,
        clock.clone(),
        RelaySettings::default(),
    );
    let mut app = build_app(&settings, db.clone(), clock)?;
    app.outbox_signal = relay.signal();
    let state = AppState(Arc::new(app));

    let (stop_relay, relay_stopped) = tokio::sync::watch::channel(false);
    let relay_task = tokio::spawn(relay.run(relay_stopped));

    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    println!("Openlance is running at http://{addr}  (API docs: http://{addr}/docs)");
    tracing::info!(%addr, "listening");

    let service = openlance_http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;

    tracing::info!("stopped accepting; flushing the outbox");
    let _ = stop_relay.send(true);
    if tokio::time::timeout(Duration::from_secs(10), relay_task)
        .await
        .is_err()
    {
        tracing::warn!("outbox flush did not finish in 10s; the rest goes out on next start");
    }
    db.close().await;
    tracing::info!("bye");
    Ok(ExitCode::SUCCESS)
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
