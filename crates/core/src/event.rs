//! The event envelope written to the outbox in the same transaction as the change that
//! caused it, and delivered to consumers, which deduplicate by `id`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::id::EventId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: EventId,
    /// Dotted event type, e.g. `accounts.user_registered`.
    pub kind: String,
    /// The id of the object the event is about.
    pub subject: String,
    pub payload: serde_json::Value,
    pub occurred_at: DateTime<Utc>,
}

impl Event {
    pub fn new(
        kind: impl Into<String>,
        subject: impl ToString,
        payload: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: EventId::new(),
            kind: kind.into(),
            subject: subject.to_string(),
            payload,
            occurred_at: now,
        }
    }
}
