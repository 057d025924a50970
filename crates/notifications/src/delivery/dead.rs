//! Dead e-mails: those that failed `max_attempts` times. An admin lists them
//! (`openlance admin notifications dead-letters`) and sends one again
//! (`openlance admin notifications retry ID`): sent, it is done; failed, it stays dead
//! with the new error. Finished e-mails are pruned after a while.

use chrono::{DateTime, Utc};
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Result};
use openlance_storage::{AnyRow, Row};

use super::{COLUMNS, Outcome, claimed};
use crate::Notifications;

/// A dead e-mail as an admin sees it.
#[derive(Debug, Clone)]
pub struct DeadEmail {
    pub id: String,
    pub event_id: String,
    pub user_id: String,
    pub kind: String,
    pub subject: String,
    pub attempts: i64,
    pub last_error: String,
    pub dead_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    #[error("no dead e-mail {0}")]
    NotFound(String),
    #[error("the e-mail failed again: {0}")]
    FailedAgain(String),
    #[error(transparent)]
    Storage(#[from] DomainError),
}

fn dead_email(r: &AnyRow) -> Result<DeadEmail> {
    let notice: String = r.try_get("notice")?;
    let content: crate::Content = serde_json::from_str(&notice).map_err(DomainError::internal)?;
    Ok(DeadEmail {
        id: r.try_get("id")?,
        event_id: r.try_get("event_id")?,
        user_id: r.try_get("user_id")?,
        kind: r.try_get("kind")?,
        subject: content.title,
        attempts: r.try_get("attempts")?,
        last_error: r
            .try_get::<Option<String>, _>("last_error")?
            .unwrap_or_default(),
        dead_at: from_micros(r.try_get::<Option<i64>, _>("finished_at")?.unwrap_or(0)),
    })
}

impl Notifications {
    /// Every dead e-mail, oldest first.
    pub async fn dead_emails(&self) -> Result<Vec<DeadEmail>> {
        let rows = sqlx::query(
            "SELECT id, event_id, user_id, kind, notice, attempts, last_error, finished_at \
             FROM email_deliveries WHERE status = 'dead' ORDER BY finished_at, id",
        )
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(dead_email).collect()
    }

    /// Sends dead e-mail `id` once more, now.
    pub async fn retry_dead_email(&self, id: &str) -> std::result::Result<(), RetryError> {
        let sql =
            format!("SELECT {COLUMNS} FROM email_deliveries WHERE id = $1 AND status = 'dead'");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.db.writer())
            .await
            .map_err(DomainError::from)?
            .ok_or_else(|| RetryError::NotFound(id.to_string()))?;
        let c = claimed(&row)?;
        let now = self.now_micros();
        let (status, error) = match self.attempt(&c).await {
            Outcome::Sent => ("sent", None),
            Outcome::Skipped => ("skipped", None),
            Outcome::Failed(e) => ("dead", Some(e)),
        };
        sqlx::query(
            "UPDATE email_deliveries SET status = $1, attempts = attempts + 1, \
             last_error = COALESCE($2, last_error), finished_at = $3 \
             WHERE id = $4 AND status = 'dead'",
        )
        .bind(status)
        .bind(error.clone())
        .bind(now)
        .bind(id)
        .execute(self.db.writer())
        .await
        .map_err(DomainError::from)?;
        match error {
            Some(e) => Err(RetryError::FailedAgain(e)),
            None => Ok(()),
        }
    }

    /// Deletes e-mails sent or skipped before `before_micros` (their in-app rows stay).
    pub async fn prune_finished_emails(&self, before_micros: i64) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM email_deliveries WHERE status IN ('sent', 'skipped') AND finished_at < $1",
        )
        .bind(before_micros)
        .execute(self.db.writer())
        .await?;
        Ok(done.rows_affected())
    }
}
