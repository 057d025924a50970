//! Phase 1: record the operation as PENDING (or find the one a retry already recorded),
//! in the caller's short transaction.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::Tx;

use super::{COLUMNS, OperationKey, OperationStatus, ProviderOperation, Purpose, from_row};
use crate::{Payments, ProviderOperationId};

/// An operation about to be recorded.
#[derive(Clone, Debug)]
pub(crate) struct NewOperation {
    pub purpose: Purpose,
    pub user: UserId,
    pub amount: Money,
    pub payment_method: Option<String>,
    pub subject_id: Option<String>,
    pub description: Option<String>,
}

impl Payments {
    /// Records `new` as PENDING under the provider key derived from `key`, or returns the
    /// operation recorded under it earlier (`false`: not fresh) when it asked for the same
    /// thing. The same key for another operation is a 422 `idempotency_key_reused`.
    pub(crate) async fn record_pending(
        &self,
        tx: &mut Tx,
        new: NewOperation,
        key: &OperationKey,
    ) -> Result<(ProviderOperation, bool)> {
        let idempotency_key = super::provider_key(new.purpose, key);
        let op = ProviderOperation {
            id: ProviderOperationId::new(),
            purpose: new.purpose,
            status: OperationStatus::Pending,
            idempotency_key,
            provider_reference: None,
            user: new.user,
            amount: new.amount,
            payment_method: new.payment_method,
            subject_id: new.subject_id,
            description: new.description,
            failure_message: None,
            created_at: self.now_micros(),
        };
        // No conflict target: a retry hits the key, a second payer of one payment request
        // hits the one-pending-charge index; both insert nothing.
        let inserted = sqlx::query(
            "INSERT INTO provider_operations (id, provider, operation, purpose, idempotency_key, \
             user_id, amount, currency, payment_method, subject_id, description, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'PENDING', $12) \
             ON CONFLICT DO NOTHING",
        )
        .bind(op.id.to_string())
        .bind(self.provider.name())
        .bind(op.purpose.provider_call())
        .bind(op.purpose.as_str())
        .bind(&op.idempotency_key)
        .bind(op.user.to_string())
        .bind(op.amount.amount)
        .bind(op.amount.currency.code())
        .bind(op.payment_method.clone())
        .bind(op.subject_id.clone())
        .bind(op.description.clone())
        .bind(op.created_at)
        .execute(tx.conn())
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok((op, true));
        }
        let Some(existing) = self.operation_by_key(tx, &op.idempotency_key).await? else {
            return Err(DomainError::conflict(
                "payment_in_progress",
                "a payment of this payment request is already in progress",
            ));
        };
        let same = existing.purpose == op.purpose
            && existing.user == op.user
            && existing.amount == op.amount
            && existing.subject_id == op.subject_id;
        if !same {
            return Err(DomainError::unprocessable(
                "idempotency_key_reused",
                "this idempotency key was used for a different operation",
            ));
        }
        Ok((existing, false))
    }

    async fn operation_by_key(&self, tx: &mut Tx, key: &str) -> Result<Option<ProviderOperation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM provider_operations WHERE provider = $1 AND idempotency_key = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.provider.name())
            .bind(key)
            .fetch_optional(tx.conn())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A recorded operation, read outside any transaction.
    pub async fn provider_operation(&self, id: ProviderOperationId) -> Result<ProviderOperation> {
        let sql = format!("SELECT {COLUMNS} FROM provider_operations WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(self.db.reader())
            .await?
            .ok_or(DomainError::NotFound("provider operation"))?;
        from_row(&row)
    }
}
