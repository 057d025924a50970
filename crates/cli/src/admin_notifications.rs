//! `openlance admin notifications …`: the e-mails an operator looks at and sends again.

use std::process::ExitCode;

use openlance_http::App;
use openlance_notifications::delivery::dead::RetryError;

use crate::admin::NotificationsCommand;

pub async fn run(cmd: NotificationsCommand, app: &App) -> anyhow::Result<ExitCode> {
    let notifications = &app.notifications;
    match cmd {
        NotificationsCommand::DeadLetters => {
            let dead = notifications.dead_emails().await?;
            if dead.is_empty() {
                println!("no dead e-mails");
            }
            for e in dead {
                println!(
                    "{id}\t{kind}\tto={user}\tevent={event}\tattempts={attempts}\tat={at}\t\
                     subject={subject}\terror={error}",
                    id = e.id,
                    kind = e.kind,
                    user = e.user_id,
                    event = e.event_id,
                    attempts = e.attempts,
                    at = e.dead_at.to_rfc3339(),
                    subject = e.subject,
                    error = e.last_error,
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        NotificationsCommand::Retry { id } => match notifications.retry_dead_email(&id).await {
            Ok(()) => {
                println!("e-mail {id} sent");
                Ok(ExitCode::SUCCESS)
            }
            Err(e @ RetryError::Storage(_)) => Err(e.into()),
            Err(e) => {
                eprintln!("e-mail {id} not sent: {e}");
                Ok(ExitCode::FAILURE)
            }
        },
    }
}
