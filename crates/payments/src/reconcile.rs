//! The reconciler: settles provider operations left PENDING by a timeout, a provider
//! error or a crash, from what the provider says. It runs in the background of `serve`
//! (every 30 s) and on `openlance admin payments reconcile`.
//!
//! For each operation older than the grace period (longer than a provider call may take)
//! it asks the provider for the operation's idempotency key: a final answer is applied
//! (phase 3); "still pending" leaves it; "never received" sends the operation again with
//! the same key, so the provider does it now or answers with what it already did — it is
//! never guessed, and never done twice.

use std::time::Duration;

use openlance_core::{Money, Result};

use crate::Payments;
use crate::operation::{COLUMNS, OperationStatus, ProviderOperation, Purpose, from_row};

/// How many pending operations one pass looks at.
const BATCH: i64 = 100;

/// An operation the reconciler settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciled {
    pub operation: crate::ProviderOperationId,
    pub purpose: Purpose,
    pub status: OperationStatus,
    pub amount: Money,
}

impl std::fmt::Display for Reconciled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} -> {}",
            self.operation,
            self.purpose.as_str(),
            self.amount,
            self.status.as_str()
        )
    }
}

impl Payments {
    /// One pass: settles what the provider can tell about pending operations older than
    /// the grace period; returns the ones that are settled now.
    pub async fn reconcile(&self) -> Result<Vec<Reconciled>> {
        let grace = i64::try_from(self.config.reconcile_after.as_micros()).unwrap_or(i64::MAX);
        let cutoff = self.now_micros().saturating_sub(grace);
        let sql = format!(
            "SELECT {COLUMNS} FROM provider_operations WHERE status = 'PENDING' AND created_at <= $1 \
             ORDER BY COALESCE(checked_at, 0), created_at, id LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(cutoff)
            .bind(BATCH)
            .fetch_all(self.db.reader())
            .await?;
        let pending: Vec<ProviderOperation> = rows.iter().map(from_row).collect::<Result<_>>()?;
        let mut settled = Vec::new();
        for op in pending {
            let id = op.id;
            let op = match self.reconcile_one(op).await {
                Ok(op) => op,
                Err(e) => {
                    // It stays pending; the next pass tries again.
                    tracing::warn!(operation = %id, error = %e, "reconciler could not settle");
                    continue;
                }
            };
            if op.status != OperationStatus::Pending {
                settled.push(Reconciled {
                    operation: op.id,
                    purpose: op.purpose,
                    status: op.status,
                    amount: op.amount,
                });
            }
        }
        Ok(settled)
    }

    async fn reconcile_one(&self, op: ProviderOperation) -> Result<ProviderOperation> {
        sqlx::query("UPDATE provider_operations SET checked_at = $1 WHERE id = $2")
            .bind(self.now_micros())
            .bind(op.id.to_string())
            .execute(self.db.writer())
            .await?;
        let asked = tokio::time::timeout(
            self.config.provider_timeout,
            self.provider.retrieve(&op.idempotency_key),
        )
        .await;
        match asked {
            Ok(Ok(Some(outcome))) => {
                self.apply_outcome(&op, outcome).await?;
                self.provider_operation(op.id).await
            }
            // Never received: send it again under the same key.
            Ok(Ok(None)) => self.drive(op).await,
            Ok(Err(e)) => {
                tracing::warn!(operation = %op.id, error = %e, "reconciler: provider lookup failed");
                Ok(op)
            }
            Err(_) => {
                tracing::warn!(operation = %op.id, "reconciler: provider lookup timed out");
                Ok(op)
            }
        }
    }

    /// Runs [`Payments::reconcile`] every `every`, for ever (the task `serve` starts).
    pub async fn reconcile_every(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match self.reconcile().await {
                Ok(done) => {
                    for op in done {
                        tracing::info!(%op, "reconciler settled a provider operation");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "reconciler pass failed"),
            }
        }
    }
}
