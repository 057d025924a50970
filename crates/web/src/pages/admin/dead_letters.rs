//! `GET /admin/dead-letters`: the events a consumer gave up on (the bus's dead letters)
//! and the e-mails that could not be sent, each with "retry" — what
//! `openlance admin events dead-letters` and `admin notifications dead-letters` list.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_bus::dead_letters;
use openlance_http::AppState;

use super::admins_only;
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

pub struct LetterLine {
    pub id: String,
    pub what: String,
    pub detail: String,
    pub attempts: i64,
    pub at: String,
    pub error: String,
}

/// One list of the page: what it holds, the path segment of its retry, its letters.
pub struct Section {
    pub title: &'static str,
    pub kind: &'static str,
    pub items: Vec<LetterLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_dead_letters.html")]
pub struct DeadLettersPage {
    ctx: Ctx,
    sections: Vec<Section>,
}

const AT: &str = "%Y-%m-%d %H:%M UTC";

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<DeadLettersPage, WebError> {
    admins_only(&me)?;
    let events = dead_letters::list(&state.db)
        .await?
        .into_iter()
        .map(|l| LetterLine {
            id: l.id.to_string(),
            what: format!("{} → {}", l.event.kind, l.consumer),
            detail: format!(
                "subject {} · event {} · {}",
                l.event.subject,
                l.event.id,
                l.outcome.as_str()
            ),
            attempts: l.attempts,
            at: l.dead_at.format(AT).to_string(),
            error: l.last_error,
        })
        .collect();
    let emails = state
        .notifications
        .dead_emails()
        .await?
        .into_iter()
        .map(|e| LetterLine {
            id: e.id,
            what: format!("{}: {}", e.kind, e.subject),
            detail: format!("to user {} · event {}", e.user_id, e.event_id),
            attempts: e.attempts,
            at: e.dead_at.format(AT).to_string(),
            error: e.last_error,
        })
        .collect();
    Ok(DeadLettersPage {
        ctx,
        sections: vec![
            Section {
                title: "Events a consumer gave up on",
                kind: "events",
                items: events,
            },
            Section {
                title: "E-mails that could not be sent",
                kind: "emails",
                items: emails,
            },
        ],
    })
}
