//! The `openlance` binary: `serve` runs the whole marketplace in one process,
//! `migrate` applies the database migrations, `admin` holds operator commands.

mod admin;
mod admin_events;
mod admin_notifications;
mod arenas;
mod config;
mod data_dir;
mod seed;
mod seed_bulk;
mod seed_data;
mod seed_orders;
mod seed_text;
mod seed_words;
mod serve;
mod telemetry;

use clap::{Parser, Subcommand};

use crate::config::GlobalArgs;

#[derive(Parser)]
#[command(
    name = "openlance",
    version,
    about = "Openlance: an open-source freelance marketplace engine",
    long_about = "Openlance runs a whole freelance marketplace — services and bookings, jobs, \
        proposals and milestone contracts, wallets on a double-entry ledger — from one binary.\n\n\
        With no configuration `openlance serve` uses the embedded defaults: a SQLite database \
        under ./openlance-data, the in-process event bus, and mail written to the log.\n\n\
        Settings come from defaults, then an optional TOML file (--config), then OPENLANCE_* \
        environment variables, then command-line flags."
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the marketplace: HTTP API, web docs, background workers. Migrates on start.
    Serve(serve::ServeArgs),
    /// Apply database migrations to the configured database and exit.
    Migrate,
    /// Operator commands: create users, check the ledger.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Fill the database with demo data (`--demo`: a small iFreelance marketplace) and print
    /// the demo logins.
    Seed(seed::SeedArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Serve(_)) {
        // Before the runtime starts its threads.
        arenas::limit();
    }
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> std::process::ExitCode {
    let settings = match config::Settings::load(&cli.global) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(&settings);
    let result = match cli.command {
        Command::Serve(args) => serve::run(settings.with_serve_args(&args)).await,
        Command::Migrate => serve::migrate_only(&settings).await,
        Command::Admin(cmd) => admin::run(cmd, &settings).await,
        Command::Seed(args) => seed::run(args, &settings).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
