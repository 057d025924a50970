//! The consumer: for each event the table knows, one transaction writes the in-app rows,
//! one e-mail row per recipient who wants it, and the event's receipt
//! (`openlance_bus::inbox::claim`). The rows are keyed unique by (event, recipient) — one
//! table per channel — so a redelivered event adds nothing even after its receipt is
//! pruned. Nothing is sent here: the delivery worker sends, with no transaction open.

use std::sync::Arc;

use async_trait::async_trait;
use openlance_bus::Consumer;
use openlance_core::{Event, Result};
use openlance_storage::Tx;

use crate::notice::Notice;
use crate::table::{self, Facts};
use crate::{Notifications, preferences};

/// The consumer's name in receipts and dead letters.
pub const CONSUMER: &str = "notifications";

struct NotificationConsumer(Notifications);

#[async_trait]
impl Consumer for NotificationConsumer {
    fn name(&self) -> &'static str {
        CONSUMER
    }

    fn wants(&self, kind: &str) -> bool {
        table::wants(kind)
    }

    async fn handle(&self, event: &Event) -> std::result::Result<(), String> {
        self.0.record(event).await.map(|_| ())
    }
}

impl Notifications {
    /// The event consumer the bus runs.
    pub fn consumer(&self) -> Arc<dyn Consumer> {
        Arc::new(NotificationConsumer(self.clone()))
    }

    /// Records the notices of `event`; `false` when it was recorded before. A payload that
    /// does not decode is an error (the bus retries, then dead-letters it).
    pub async fn record(&self, event: &Event) -> std::result::Result<bool, String> {
        let facts = Facts {
            marketplace: &self.config.marketplace_name,
        };
        let notices = table::notices(event, &facts)?;
        let (recorded, emails) = self
            .write(event, &notices)
            .await
            .map_err(|e| format!("recording event {}: {e}", event.id))?;
        if emails > 0 {
            self.queued.notify_one();
        }
        Ok(recorded)
    }

    /// One transaction: the receipt, then each notice's rows. Returns whether the event was
    /// new and how many e-mails it queued.
    async fn write(&self, event: &Event, notices: &[Notice]) -> Result<(bool, u64)> {
        let now = self.now_micros();
        let mut tx = self.db.begin().await?;
        if !openlance_bus::inbox::claim(&mut tx, CONSUMER, event.id, now).await? {
            return Ok((false, 0));
        }
        let mut emails = 0;
        for notice in notices {
            if notice.kind.in_app {
                insert_in_app(&mut tx, event, notice).await?;
            }
            if !preferences::emails_off(&mut tx, notice.recipient, notice.kind).await? {
                emails += self.queue_email(&mut tx, event, notice, now).await?;
            }
        }
        tx.commit().await?;
        Ok((true, emails))
    }

    async fn queue_email(
        &self,
        tx: &mut Tx,
        event: &Event,
        notice: &Notice,
        now: i64,
    ) -> Result<u64> {
        let content = serde_json::to_string(&notice.content)
            .map_err(openlance_core::DomainError::internal)?;
        let done = sqlx::query(
            "INSERT INTO email_deliveries (id, event_id, user_id, kind, notice, message_id, \
               status, attempts, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7) \
             ON CONFLICT (event_id, user_id) DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(event.id.to_string())
        .bind(notice.recipient.to_string())
        .bind(notice.kind.name)
        .bind(content)
        .bind(self.message_id(event, notice))
        .bind(now)
        .execute(tx.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// `<EVENT.RECIPIENT@DOMAIN>`: the same for every attempt at one notice, so a receiving
    /// side can drop a copy. The domain is the sender's.
    fn message_id(&self, event: &Event, notice: &Notice) -> String {
        let from = &self.config.mail_from;
        let domain = from
            .rsplit_once('@')
            .map(|(_, d)| d.trim().trim_end_matches('>').trim())
            .filter(|d| !d.is_empty())
            .unwrap_or("openlance.invalid");
        format!("<{}.{}@{domain}>", event.id, notice.recipient)
    }
}

/// Dated when the event happened, so a late delivery keeps its place in the list.
async fn insert_in_app(tx: &mut Tx, event: &Event, notice: &Notice) -> Result<()> {
    sqlx::query(
        "INSERT INTO notifications (id, user_id, event_id, kind, title, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id, user_id) DO NOTHING",
    )
    .bind(crate::in_app::NotificationId::new().to_string())
    .bind(notice.recipient.to_string())
    .bind(event.id.to_string())
    .bind(notice.kind.name)
    .bind(&notice.content.title)
    .bind(&notice.content.body)
    .bind(&notice.content.link)
    .bind(openlance_core::time::to_micros(event.occurred_at))
    .execute(tx.conn())
    .await?;
    Ok(())
}
