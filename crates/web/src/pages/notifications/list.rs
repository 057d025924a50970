//! `GET /notifications`: the visitor's notifications, newest first, a page at a time,
//! the unread ones marked and each with "Mark read".

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use openlance_http::AppState;
use serde::Deserialize;

use crate::ctx::{Ctx, SignedIn, urlencode};
use crate::error::WebError;

const PAGE: usize = 20;

pub struct NoticeLine {
    pub id: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub unread: bool,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    ctx: Ctx,
    items: Vec<NoticeLine>,
    unread: i64,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct Paging {
    cursor: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Query(p): Query<Paging>,
) -> Result<NotificationsPage, WebError> {
    let inbox = state
        .notifications
        .inbox(me.user_id, p.cursor.as_deref(), PAGE)
        .await?;
    let items = inbox
        .page
        .items
        .into_iter()
        .map(|n| NoticeLine {
            id: n.id.to_string(),
            title: n.title,
            body: n.body,
            // Only a path on this site is followed; anything else stays unlinked.
            link: if n.link.starts_with('/') && !n.link.starts_with("//") {
                n.link
            } else {
                String::new()
            },
            unread: n.read_at.is_none(),
            at: n.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        })
        .collect();
    Ok(NotificationsPage {
        ctx,
        items,
        unread: inbox.unread,
        next: inbox
            .page
            .next_cursor
            .map(|c| format!("/notifications?cursor={}", urlencode(&c))),
    })
}
