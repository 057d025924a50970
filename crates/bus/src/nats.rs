//! The NATS JetStream bus, for running several instances (or contexts as their own
//! processes). The relay publishes each event to `<prefix>.events.<kind>` with the event id
//! as `Nats-Msg-Id`, so JetStream drops a re-publish inside its duplicate window; each
//! consumer is a durable pull consumer that acknowledges an event only after handling it,
//! asks for redelivery with a delay when it fails, and skips events it already handled.
//! A consumer created for the first time starts at new messages: it never replays the
//! stream's history (which other consumers handled long ago).

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, AckKind, consumer::pull, stream};
use async_trait::async_trait;
use futures_util::StreamExt;
use openlance_core::{Clock, Event};
use openlance_storage::Db;
use tokio::sync::watch;

use crate::delivery::{DEFAULT_MAX_ATTEMPTS, deliver_message};
use crate::{BrokerBus, Bus, BusError, Consumer, ConsumerHealth};

/// A JetStream stream of events and the consumers reading it.
#[derive(Clone)]
pub struct NatsBus {
    js: jetstream::Context,
    stream: String,
    prefix: String,
}

impl NatsBus {
    /// Connects to `nats://…` and creates the stream `stream` over `<prefix>.events.>` if
    /// it does not exist yet.
    pub async fn connect(url: &str, stream: &str, prefix: &str) -> Result<Self, BusError> {
        let client = async_nats::connect(url)
            .await
            .map_err(|e| BusError(format!("cannot reach NATS at {url}: {e}")))?;
        let js = jetstream::new(client);
        js.get_or_create_stream(stream::Config {
            name: stream.to_string(),
            subjects: vec![format!("{prefix}.events.>")],
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        })
        .await
        .map_err(|e| BusError(format!("cannot create stream {stream}: {e}")))?;
        Ok(Self {
            js,
            stream: stream.to_string(),
            prefix: prefix.to_string(),
        })
    }

    async fn durable(
        &self,
        name: &str,
        ack_wait: Duration,
    ) -> Result<jetstream::consumer::PullConsumer, BusError> {
        let stream = self
            .js
            .get_stream(&self.stream)
            .await
            .map_err(|e| BusError(e.to_string()))?;
        stream
            .get_or_create_consumer(
                name,
                pull::Config {
                    durable_name: Some(name.to_string()),
                    filter_subject: format!("{}.events.>", self.prefix),
                    deliver_policy: jetstream::consumer::DeliverPolicy::New,
                    ack_wait,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| BusError(e.to_string()))
    }

    /// Deletes the stream and its consumers (for tests and decommissioning).
    pub async fn delete_stream(&self) -> Result<(), BusError> {
        self.js
            .delete_stream(&self.stream)
            .await
            .map_err(|e| BusError(e.to_string()))?;
        Ok(())
    }
}

#[async_trait]
impl BrokerBus for NatsBus {
    async fn prepare_consumer(&self, consumer: &str) -> Result<(), BusError> {
        self.durable(consumer, ConsumerSettings::default().ack_wait)
            .await
            .map(drop)
    }

    async fn run_consumer(
        &self,
        db: Db,
        clock: Arc<dyn Clock>,
        consumer: Arc<dyn Consumer>,
        settings: ConsumerSettings,
        health: ConsumerHealth,
        mut shutdown: watch::Receiver<bool>,
    ) -> Result<(), BusError> {
        let name = consumer.name();
        let pull = self.durable(name, settings.ack_wait).await?;
        let mut messages = pull.messages().await.map_err(|e| BusError(e.to_string()))?;
        health.up(name);
        loop {
            let next = tokio::select! {
                next = messages.next() => next,
                _ = shutdown.changed() => return Ok(()),
            };
            let Some(message) = next else {
                return Err(BusError("NATS ended the subscription".into()));
            };
            // A broken pull subscription (consumer or stream deleted, connection lost) is
            // set up again by the supervisor.
            let message = message.map_err(|e| BusError(format!("NATS delivery error: {e}")))?;
            let outcome = deliver_message(
                &db,
                clock.as_ref(),
                consumer.as_ref(),
                &message.payload,
                settings.max_attempts,
            )
            .await;
            let ack = match outcome {
                Ok(()) => message.ack().await,
                Err(_) => {
                    message
                        .ack_with(AckKind::Nak(Some(settings.retry_delay)))
                        .await
                }
            };
            if let Err(e) = ack {
                tracing::warn!(consumer = name, error = %e, "acknowledging a NATS message failed");
            }
        }
    }
}

/// How a broker consumer acknowledges and retries.
#[derive(Debug, Clone)]
pub struct ConsumerSettings {
    /// How long JetStream waits for an acknowledgement before redelivering.
    pub ack_wait: Duration,
    /// Delay before a failed event is delivered again.
    pub retry_delay: Duration,
    /// Deliveries of one event before it becomes a dead letter.
    pub max_attempts: u32,
}

impl Default for ConsumerSettings {
    fn default() -> Self {
        Self {
            ack_wait: Duration::from_secs(30),
            retry_delay: Duration::from_secs(5),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

#[async_trait]
impl Bus for NatsBus {
    async fn publish(&self, event: &Event) -> Result<(), BusError> {
        let subject = format!("{}.events.{}", self.prefix, event.kind);
        let payload = serde_json::to_vec(event).map_err(|e| BusError(e.to_string()))?;
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", event.id.to_string().as_str());
        let ack = self
            .js
            .publish_with_headers(subject, headers, payload.into())
            .await
            .map_err(|e| BusError(format!("NATS publish failed: {e}")))?;
        ack.await
            .map_err(|e| BusError(format!("NATS did not store the event: {e}")))?;
        Ok(())
    }
}
