//! The in-app list: a person's notifications newest first, their unread count, and
//! marking one or all read. Another person's notification is not found.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::{from_micros, to_micros};
use openlance_core::{Cursor, DomainError, Page, Result};
use openlance_storage::{AnyRow, Row};

use crate::Notifications;

openlance_core::define_id!(
    /// One in-app notification.
    NotificationId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    /// The kind's name (`milestone_submitted`).
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The path of the object on the site.
    pub link: String,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// One page of a person's notifications and how many are unread in all.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub page: Page<Notification>,
    pub unread: i64,
}

const COLUMNS: &str = "id, kind, title, body, link, read_at, created_at";

fn from_row(r: &AnyRow) -> Result<Notification> {
    Ok(Notification {
        id: NotificationId::parse(&r.try_get::<String, _>("id")?)?,
        kind: r.try_get("kind")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        link: r.try_get("link")?,
        read_at: r.try_get::<Option<i64>, _>("read_at")?.map(from_micros),
        created_at: from_micros(r.try_get("created_at")?),
    })
}

impl Notifications {
    /// `user`'s notifications, newest first; `cursor` is the previous page's `nextCursor`.
    pub async fn inbox(&self, user: UserId, cursor: Option<&str>, limit: usize) -> Result<Inbox> {
        let (before_at, before_id) = match cursor {
            Some(text) => Cursor::decode::<(i64, String)>(text)?,
            None => (i64::MAX, String::new()),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 \
             AND (created_at, id) < ($2, $3) \
             ORDER BY created_at DESC, id DESC LIMIT $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.to_string())
            .bind(before_at)
            .bind(&before_id)
            .bind(i64::try_from(limit + 1).unwrap_or(101))
            .fetch_all(self.db.reader())
            .await?;
        let items = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        Ok(Inbox {
            page: Page::from_rows(items, limit, |n| {
                (to_micros(n.created_at), n.id.to_string())
            }),
            unread: self.unread_count(user).await?,
        })
    }

    /// How many of `user`'s notifications are unread.
    pub async fn unread_count(&self, user: UserId) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user.to_string())
        .fetch_one(self.db.reader())
        .await?;
        Ok(row.try_get("unread")?)
    }

    /// Marks one of `user`'s notifications read (again is fine); another's is a 404.
    pub async fn mark_read(&self, user: UserId, id: NotificationId) -> Result<Notification> {
        let sql = format!(
            "UPDATE notifications SET read_at = COALESCE(read_at, $1) \
             WHERE id = $2 AND user_id = $3 RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.now_micros())
            .bind(id.to_string())
            .bind(user.to_string())
            .fetch_optional(self.db.writer())
            .await?
            .ok_or(DomainError::NotFound("notification"))?;
        from_row(&row)
    }

    /// Marks every unread notification of `user` read; returns how many were unread.
    pub async fn mark_all_read(&self, user: UserId) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
        )
        .bind(self.now_micros())
        .bind(user.to_string())
        .execute(self.db.writer())
        .await?;
        Ok(done.rows_affected())
    }
}
