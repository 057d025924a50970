//! `openlance admin …`: operator commands that act on the configured database directly.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use openlance_accounts::Role;
use openlance_core::SystemClock;

use crate::config::Settings;
use crate::serve::{build_app, open_database};

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create a user; the only way to create an admin.
    CreateUser(CreateUserArgs),
    /// Ledger operations.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Events that consumers gave up on.
    #[command(subcommand)]
    Events(EventsCommand),
    /// Payment provider operations.
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// E-mails the delivery worker gave up on.
    #[command(subcommand)]
    Notifications(NotificationsCommand),
}

#[derive(Subcommand)]
pub enum NotificationsCommand {
    /// List the dead e-mails: those that failed on every attempt.
    DeadLetters,
    /// Send a dead e-mail again, now, through the configured mailer.
    Retry {
        /// The e-mail's id, as `dead-letters` lists it.
        id: String,
    },
}

#[derive(Subcommand)]
pub enum EventsCommand {
    /// List the dead letters: events a consumer failed on every attempt, or whose effect's
    /// outcome is unknown (a delivery stopped mid-effect).
    DeadLetters,
    /// Deliver a dead letter to its consumer again; it is removed once handled.
    Retry {
        /// The dead letter's id, as `dead-letters` lists it.
        id: i64,
    },
}

#[derive(Subcommand)]
pub enum PaymentsCommand {
    /// Settle provider operations left pending (by a timeout or a crash) from what the
    /// provider says, and print what was settled.
    Reconcile,
}

#[derive(Args)]
pub struct CreateUserArgs {
    #[arg(long)]
    email: String,
    /// The password; prefer the environment variable so it stays out of shell history.
    #[arg(long, env = "OPENLANCE_NEW_USER_PASSWORD", hide_env_values = true)]
    password: String,
    /// Display name.
    #[arg(long, default_value = "Administrator")]
    name: String,
    /// Grant the admin role.
    #[arg(long)]
    admin: bool,
    /// Grant the client role.
    #[arg(long)]
    client: bool,
    /// Grant the freelancer role.
    #[arg(long)]
    freelancer: bool,
}

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Print the trial balance and exit non-zero if any ledger invariant fails.
    Check,
}

pub async fn run(cmd: AdminCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let db = open_database(settings).await?;
    // Operator commands read the database directly; they need no shared cache.
    let cache = Arc::new(openlance_cache::MemoryCache::new(16));
    let app = build_app(settings, db.clone(), Arc::new(SystemClock), cache)?;
    let code = match cmd {
        AdminCommand::CreateUser(args) => {
            let mut roles = Vec::new();
            if args.admin {
                roles.push(Role::Admin);
            }
            if args.client {
                roles.push(Role::Client);
            }
            if args.freelancer {
                roles.push(Role::Freelancer);
            }
            anyhow::ensure!(
                !roles.is_empty(),
                "give at least one of --admin, --client, --freelancer"
            );
            let id = app
                .accounts
                .create_user(&args.email, &args.password, &args.name, &roles)
                .await?;
            println!("created user {id} <{}> with roles {roles:?}", args.email);
            ExitCode::SUCCESS
        }
        AdminCommand::Ledger(LedgerCommand::Check) => {
            let report = app.payments.check_ledger().await?;
            print!("{report}");
            if report.is_balanced() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        AdminCommand::Events(cmd) => crate::admin_events::run(cmd, &app).await?,
        AdminCommand::Notifications(cmd) => crate::admin_notifications::run(cmd, &app).await?,
        AdminCommand::Payments(PaymentsCommand::Reconcile) => {
            let settled = app.payments.reconcile().await?;
            for op in &settled {
                println!("settled {op}");
            }
            println!("{} pending operations settled", settled.len());
            ExitCode::SUCCESS
        }
    };
    db.close().await;
    Ok(code)
}
