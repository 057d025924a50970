//! `openlance admin events …`: the dead letters an operator looks at and retries.

use std::process::ExitCode;

use openlance_bus::dead_letters::{self, RetryError};
use openlance_core::SystemClock;
use openlance_http::App;

use crate::admin::EventsCommand;

pub async fn run(cmd: EventsCommand, app: &App) -> anyhow::Result<ExitCode> {
    let db = &app.db;
    match cmd {
        EventsCommand::DeadLetters => {
            let letters = dead_letters::list(db).await?;
            if letters.is_empty() {
                println!("no dead letters");
            }
            for l in letters {
                println!(
                    "{id}\t{consumer}\t{kind}\tsubject={subject}\tevent={event}\toutcome={outcome}\t\
                     attempts={attempts}\tat={at}\terror={error}",
                    id = l.id,
                    consumer = l.consumer,
                    kind = l.event.kind,
                    subject = l.event.subject,
                    event = l.event.id,
                    outcome = l.outcome.as_str(),
                    attempts = l.attempts,
                    at = l.dead_at.to_rfc3339(),
                    error = l.last_error,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        EventsCommand::Retry { id } => {
            match dead_letters::retry(db, &SystemClock, &openlance_http::consumers(app), id).await {
                Ok(()) => {
                    println!("dead letter {id} delivered");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e @ RetryError::Storage(_)) => Err(e.into()),
                Err(e) => {
                    eprintln!("dead letter {id} not delivered: {e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
