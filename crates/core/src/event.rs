//! Events: the envelope written to the outbox in the same transaction as the change that
//! caused it and delivered to consumers (which deduplicate by `id`), and the typed
//! payloads inside it.
//!
//! Each event kind is one struct implementing [`EventPayload`], defined by the context that
//! produces it and imported by every consumer: the producer builds the envelope with
//! [`Event::of`], a consumer reads it back with [`Event::decode`]. Nobody reads payload
//! fields by name.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::id::EventId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: EventId,
    /// Dotted event type, e.g. `accounts.user_registered`.
    pub kind: String,
    /// The id of the object the event is about: the outbox keeps the events of one
    /// subject in the order they were committed.
    pub subject: String,
    pub payload: serde_json::Value,
    pub occurred_at: DateTime<Utc>,
}

/// The payload of one kind of event.
pub trait EventPayload: Serialize + DeserializeOwned {
    /// The dotted event type, e.g. `payments.payment_request_paid`.
    const KIND: &'static str;

    /// The id of the object the event is about (its aggregate).
    fn subject(&self) -> String;
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

    /// The envelope of a typed payload.
    pub fn of<P: EventPayload>(payload: &P, now: DateTime<Utc>) -> Self {
        Self {
            id: EventId::new(),
            kind: P::KIND.to_string(),
            subject: payload.subject(),
            // A payload is plain data (strings, numbers, ids): serialising cannot fail.
            payload: serde_json::to_value(payload).unwrap_or(serde_json::Value::Null),
            occurred_at: now,
        }
    }

    /// Whether this envelope carries a `P`.
    pub fn is<P: EventPayload>(&self) -> bool {
        self.kind == P::KIND
    }

    /// The typed payload, when this envelope carries a `P`: `Ok(None)` for another kind,
    /// an error when the kind matches but the payload does not decode.
    pub fn decode<P: EventPayload>(&self) -> Result<Option<P>, DomainError> {
        if !self.is::<P>() {
            return Ok(None);
        }
        serde_json::from_value(self.payload.clone())
            .map(Some)
            .map_err(|e| DomainError::internal(format!("event {} ({}): {e}", self.id, self.kind)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Paid {
        request_id: String,
        amount: i64,
    }

    impl EventPayload for Paid {
        const KIND: &'static str = "test.paid";
        fn subject(&self) -> String {
            self.request_id.clone()
        }
    }

    #[test]
    fn a_typed_payload_round_trips_through_the_envelope() {
        let paid = Paid {
            request_id: "r1".into(),
            amount: 42,
        };
        let event = Event::of(&paid, Utc::now());
        assert_eq!(event.kind, "test.paid");
        assert_eq!(event.subject, "r1");
        assert_eq!(event.payload["requestId"], "r1");
        assert_eq!(event.decode::<Paid>().unwrap(), Some(paid));
    }

    #[test]
    fn another_kind_decodes_to_none_and_a_bad_payload_is_an_error() {
        let other = Event::new("test.other", "x", serde_json::json!({}), Utc::now());
        assert_eq!(other.decode::<Paid>().unwrap(), None);
        let broken = Event::new(
            "test.paid",
            "x",
            serde_json::json!({"amount": "no"}),
            Utc::now(),
        );
        assert!(broken.decode::<Paid>().is_err());
    }
}
