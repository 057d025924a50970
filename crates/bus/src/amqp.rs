//! The RabbitMQ (AMQP 0-9-1) bus. The relay publishes each event to a durable topic
//! exchange with the event kind as routing key, as a persistent, `mandatory` message whose
//! `message_id` is the event id, and waits for the broker's publisher confirm: a message no
//! queue is bound for comes back (basic.return) and counts as a failed publish, so the event
//! stays unpublished in the outbox. Each consumer owns a durable
//! queue bound to the exchange; it acknowledges a delivery only after handling it, and on
//! failure waits and requeues it. Receipts make a redelivered event a no-op.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicPublishOptions, BasicQosOptions,
    ConfirmSelectOptions, ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions,
    QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties, ExchangeKind};
use openlance_core::{Clock, Event};
use openlance_storage::Db;
use tokio::sync::watch;

use crate::delivery::deliver_message;
use crate::{BrokerBus, Bus, BusError, Consumer, ConsumerHealth, ConsumerSettings};

fn err(context: &str) -> impl Fn(lapin::Error) -> BusError + '_ {
    move |e| BusError(format!("{context}: {e}"))
}

/// A topic exchange of events on a RabbitMQ broker.
#[derive(Clone)]
pub struct AmqpBus {
    connection: Arc<Connection>,
    publisher: Channel,
    exchange: String,
}

impl AmqpBus {
    /// Connects to `amqp://…` and declares the durable topic exchange `exchange`.
    pub async fn connect(url: &str, exchange: &str) -> Result<Self, BusError> {
        let connection = Connection::connect(url, ConnectionProperties::default())
            .await
            .map_err(err("cannot reach RabbitMQ"))?;
        let publisher = connection.create_channel().await.map_err(err("channel"))?;
        publisher
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(err("confirms"))?;
        publisher
            .exchange_declare(
                exchange.into(),
                ExchangeKind::Topic,
                ExchangeDeclareOptions {
                    durable: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .map_err(err("exchange"))?;
        Ok(Self {
            connection: Arc::new(connection),
            publisher,
            exchange: exchange.to_string(),
        })
    }

    fn queue_name(&self, consumer: &str) -> String {
        format!("{}.{consumer}", self.exchange)
    }

    /// Deletes the exchange and the named consumers' queues (tests, decommissioning).
    pub async fn delete(&self, consumers: &[&str]) -> Result<(), BusError> {
        for name in consumers {
            self.publisher
                .queue_delete(
                    self.queue_name(name).as_str().into(),
                    QueueDeleteOptions::default(),
                )
                .await
                .map_err(err("queue delete"))?;
        }
        self.publisher
            .exchange_delete(
                self.exchange.as_str().into(),
                ExchangeDeleteOptions::default(),
            )
            .await
            .map_err(err("exchange delete"))?;
        Ok(())
    }

    async fn declare_queue_on(&self, channel: &Channel, queue: &str) -> Result<(), BusError> {
        channel
            .queue_declare(
                queue.into(),
                QueueDeclareOptions {
                    durable: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await
            .map_err(err("queue"))?;
        channel
            .queue_bind(
                queue.into(),
                self.exchange.as_str().into(),
                "#".into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(err("bind"))?;
        Ok(())
    }
}

#[async_trait]
impl BrokerBus for AmqpBus {
    async fn prepare_consumer(&self, consumer: &str) -> Result<(), BusError> {
        self.declare_queue_on(&self.publisher, &self.queue_name(consumer))
            .await
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
        let queue = self.queue_name(name);
        let channel = self
            .connection
            .create_channel()
            .await
            .map_err(err("channel"))?;
        channel
            .basic_qos(16, BasicQosOptions::default())
            .await
            .map_err(err("qos"))?;
        self.declare_queue_on(&channel, &queue).await?;
        let mut deliveries = channel
            .basic_consume(
                queue.as_str().into(),
                name.into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(err("consume"))?;
        health.up(name);
        loop {
            let next = tokio::select! {
                next = deliveries.next() => next,
                _ = shutdown.changed() => {
                    // Closing the channel hands unacknowledged deliveries back to the queue.
                    let _ = channel.close(200, "consumer stopping".into()).await;
                    return Ok(());
                }
            };
            let Some(delivery) = next else {
                return Err(BusError("RabbitMQ ended the subscription".into()));
            };
            let delivery = delivery.map_err(err("delivery"))?;
            let outcome = deliver_message(
                &db,
                clock.as_ref(),
                consumer.as_ref(),
                &delivery.data,
                settings.max_attempts,
            )
            .await;
            let ack = match outcome {
                Ok(()) => delivery.ack(BasicAckOptions::default()).await,
                Err(_) => {
                    // RabbitMQ redelivers a requeued message at once; wait first.
                    tokio::time::sleep(settings.retry_delay).await;
                    delivery
                        .nack(BasicNackOptions {
                            requeue: true,
                            ..Default::default()
                        })
                        .await
                }
            };
            if let Err(e) = ack {
                tracing::warn!(consumer = name, error = %e, "acknowledging an AMQP delivery failed");
            }
        }
    }
}

#[async_trait]
impl Bus for AmqpBus {
    async fn publish(&self, event: &Event) -> Result<(), BusError> {
        let payload = serde_json::to_vec(event).map_err(|e| BusError(e.to_string()))?;
        let properties = BasicProperties::default()
            .with_message_id(event.id.to_string().into())
            .with_content_type("application/json".into())
            .with_delivery_mode(2);
        let confirm = self
            .publisher
            .basic_publish(
                self.exchange.as_str().into(),
                event.kind.as_str().into(),
                BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                },
                &payload,
                properties,
            )
            .await
            .map_err(err("publish"))?
            .await
            .map_err(err("publisher confirm"))?;
        if confirm.is_nack() {
            return Err(BusError("RabbitMQ refused the event".into()));
        }
        if let Some(returned) = confirm.take_message() {
            return Err(BusError(format!(
                "RabbitMQ could not route {} (no queue bound): {} {}",
                event.kind, returned.reply_code, returned.reply_text
            )));
        }
        Ok(())
    }
}
