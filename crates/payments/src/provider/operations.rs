//! The record of every provider call, so asynchronous outcomes can be matched to what
//! was asked and the books can be reconciled with the provider's statements.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::Tx;

use super::{ChargeRequest, ProviderOutcome};
use crate::{Payments, ProviderOperationId};

/// Where a provider operation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationStatus {
    Succeeded,
    Pending,
    Failed,
}

impl OperationStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Succeeded => "SUCCEEDED",
            Self::Pending => "PENDING",
            Self::Failed => "FAILED",
        }
    }
}

/// A provider operation about to be recorded.
pub(crate) struct Operation<'a> {
    pub id: ProviderOperationId,
    pub kind: &'static str,
    pub reference: &'a str,
    pub user: UserId,
    pub amount: Money,
    pub status: OperationStatus,
}

impl Payments {
    pub(crate) async fn record_operation(&self, tx: &mut Tx, op: Operation<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO provider_operations (id, provider, operation, provider_ref, user_id, \
             amount, currency, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(op.id.to_string())
        .bind(self.provider.name())
        .bind(op.kind)
        .bind(op.reference)
        .bind(op.user.to_string())
        .bind(op.amount.amount)
        .bind(op.amount.currency.code())
        .bind(op.status.as_str())
        .bind(self.now_micros())
        .execute(tx.conn())
        .await?;
        Ok(())
    }

    /// Charges a payment method for an operation that needs the money now (an escrow
    /// hold, a payment): anything but an immediate success is a decline.
    pub(crate) async fn charge_now(
        &self,
        tx: &mut Tx,
        payer: UserId,
        payment_method: &str,
        amount: Money,
    ) -> Result<ProviderOperationId> {
        let id = ProviderOperationId::new();
        let request = ChargeRequest {
            payer,
            payment_method: payment_method.to_string(),
            amount,
            idempotency_key: id.to_string(),
        };
        let outcome = self
            .provider
            .charge(&request)
            .await
            .map_err(DomainError::internal)?;
        let reference = match outcome {
            ProviderOutcome::Succeeded { reference } => reference,
            ProviderOutcome::Pending { .. } => {
                return Err(DomainError::PaymentDeclined(
                    "this payment method needs asynchronous confirmation; use another one".into(),
                ));
            }
            ProviderOutcome::Declined { message, .. } => {
                return Err(DomainError::PaymentDeclined(message));
            }
        };
        self.record_operation(
            tx,
            Operation {
                id,
                kind: "charge",
                reference: &reference,
                user: payer,
                amount,
                status: OperationStatus::Succeeded,
            },
        )
        .await?;
        Ok(id)
    }
}
