//! Phase 3: apply the provider's answer in a new transaction. Marking the operation
//! settled is a conditional update (`WHERE status = 'PENDING'`), so whoever settles it
//! first (the request itself, a retry, the webhook, the reconciler) posts the ledger
//! movement and everyone else posts nothing.

use openlance_core::{DomainError, Event, Result};
use openlance_storage::Tx;

use super::{COLUMNS, OperationStatus, ProviderOperation, Purpose, from_row};
use crate::events::{TopUpSucceeded, WithdrawalFailed, WithdrawalSucceeded};
use crate::ledger::{Movement, Owner, Reference, TransferKind, accounts};
use crate::provider::ProviderOutcome;
use crate::{PaymentRequestId, Payments};

/// A final outcome.
#[derive(Clone, Debug)]
pub(crate) enum Settlement {
    Succeeded { reference: Option<String> },
    Failed { code: String, message: String },
}

impl Payments {
    /// Phases 2 and 3 for a PENDING operation; returns the operation as it then stands.
    pub(crate) async fn drive(&self, op: ProviderOperation) -> Result<ProviderOperation> {
        if op.status != OperationStatus::Pending {
            return Ok(op);
        }
        if let Some(outcome) = self.ask_provider(&op).await
            && let Err(e) = self.apply_outcome(&op, outcome).await
        {
            // The provider answered but recording it failed: the operation stays
            // PENDING and the reconciler asks the provider again.
            tracing::warn!(operation = %op.id, error = %e, "settling a provider operation failed; it stays pending");
        }
        self.provider_operation(op.id).await
    }

    /// Applies what the provider answered for `op`.
    pub(crate) async fn apply_outcome(
        &self,
        op: &ProviderOperation,
        outcome: ProviderOutcome,
    ) -> Result<()> {
        match outcome {
            ProviderOutcome::Succeeded { reference } => {
                self.settle(
                    op,
                    Settlement::Succeeded {
                        reference: Some(reference),
                    },
                )
                .await
            }
            ProviderOutcome::Declined { code, message } => {
                self.settle(op, Settlement::Failed { code, message }).await
            }
            ProviderOutcome::Pending { reference } => {
                // Accepted; the final answer comes by webhook for this reference.
                sqlx::query(
                    "UPDATE provider_operations SET provider_ref = $1 \
                     WHERE id = $2 AND status = 'PENDING' AND provider_ref IS NULL",
                )
                .bind(reference)
                .bind(op.id.to_string())
                .execute(self.db.writer())
                .await?;
                Ok(())
            }
        }
    }

    /// Settles `op` once and posts what its outcome calls for, in one transaction.
    pub(crate) async fn settle(&self, op: &ProviderOperation, outcome: Settlement) -> Result<()> {
        let now = self.now_micros();
        let (status, reference, code, message) = match &outcome {
            Settlement::Succeeded { reference } => {
                (OperationStatus::Succeeded, reference.clone(), None, None)
            }
            Settlement::Failed { code, message } => (
                OperationStatus::Failed,
                None,
                Some(code.clone()),
                Some(message.clone()),
            ),
        };
        let mut tx = self.db.begin().await?;
        if let (Purpose::PaymentRequest, Some(subject)) = (op.purpose, op.subject_id.as_deref()) {
            // Lock the payment request before the operation, in the order paying does
            // (step 1 locks the request, then records the operation): no deadlock.
            sqlx::query("UPDATE payment_requests SET status = status WHERE id = $1")
                .bind(subject)
                .execute(tx.conn())
                .await?;
        }
        let done = sqlx::query(
            "UPDATE provider_operations SET status = $1, provider_ref = COALESCE($2, provider_ref), \
             failure_code = $3, failure_message = $4, settled_at = $5 \
             WHERE id = $6 AND status = 'PENDING'",
        )
        .bind(status.as_str())
        .bind(reference)
        .bind(code)
        .bind(message)
        .bind(now)
        .bind(op.id.to_string())
        .execute(tx.conn())
        .await?;
        if done.rows_affected() != 1 {
            return Ok(()); // settled by someone else first
        }
        let succeeded = status == OperationStatus::Succeeded;
        self.post_settlement(&mut tx, op, succeeded, now).await?;
        append_receipt_event(&mut tx, op, succeeded, self.clock.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn post_settlement(
        &self,
        tx: &mut Tx,
        op: &ProviderOperation,
        succeeded: bool,
        now: i64,
    ) -> Result<()> {
        let currency = op.amount.currency;
        let reference = Some(Reference::new("provider_operation", op.id));
        let wallet = accounts::ensure(tx.conn(), &Owner::Wallet(op.user), currency, now).await?;
        let external = self.external_account(tx, op.amount, now).await?;
        let movement = match (op.purpose, succeeded) {
            (Purpose::TopUp, true) => Movement::new(
                format!("top_up:{}", op.id),
                currency,
                reference,
            )
            .leg(&external, &wallet, op.amount.amount, TransferKind::TopUp),
            (Purpose::PaymentRequest, true) => {
                Movement::new(format!("charge:{}", op.id), currency, reference)
                    .described(op.description.clone())
                    .leg(&external, &wallet, op.amount.amount, TransferKind::Charge)
            }
            (Purpose::Withdrawal, true) => {
                let in_flight =
                    accounts::ensure(tx.conn(), &Owner::PayoutsInFlight, currency, now).await?;
                Movement::new(format!("payout:{}", op.id), currency, reference).leg(
                    &in_flight,
                    &external,
                    op.amount.amount,
                    TransferKind::Payout,
                )
            }
            (Purpose::Withdrawal, false) => {
                let in_flight =
                    accounts::ensure(tx.conn(), &Owner::PayoutsInFlight, currency, now).await?;
                Movement::new(
                    format!("withdrawal_reversal:{}", op.id),
                    currency,
                    reference,
                )
                .leg(
                    &in_flight,
                    &wallet,
                    op.amount.amount,
                    TransferKind::WithdrawalReversal,
                )
            }
            (Purpose::TopUp | Purpose::PaymentRequest, false) => return Ok(()),
        };
        movement.post(tx, now).await?;
        if let (Purpose::PaymentRequest, true, Some(subject)) =
            (op.purpose, succeeded, op.subject_id.as_deref())
        {
            // The money is in the client's wallet now; it pays the request if that is
            // still PENDING, otherwise it stays there (nothing lost, nothing charged twice).
            let id = PaymentRequestId::parse(subject)?;
            self.pay_from_wallet_if_pending(tx, id, op.user, now)
                .await?;
        }
        Ok(())
    }

    /// Applies an asynchronous outcome the provider reported for `provider_reference` (its
    /// webhook): a pending top-up that succeeded credits the wallet; a pending payout that
    /// failed gives the money back. Reporting an operation twice is a conflict and moves
    /// nothing.
    pub async fn settle_provider_operation(
        &self,
        provider_reference: &str,
        succeeded: bool,
    ) -> Result<OperationStatus> {
        let sql = format!(
            "SELECT {COLUMNS} FROM provider_operations \
             WHERE provider = $1 AND provider_ref = $2 AND status = 'PENDING'"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.provider.name())
            .bind(provider_reference)
            .fetch_optional(self.db.reader())
            .await?;
        let not_pending = || {
            DomainError::conflict(
                "not_pending",
                "no pending provider operation has this reference",
            )
        };
        let op = from_row(&row.ok_or_else(not_pending)?)?;
        let outcome = if succeeded {
            Settlement::Succeeded { reference: None }
        } else {
            Settlement::Failed {
                code: "provider_failed".into(),
                message: "the payment provider reported a failure".into(),
            }
        };
        self.settle(&op, outcome).await?;
        let settled = self.provider_operation(op.id).await?;
        match settled.status {
            OperationStatus::Pending => Err(not_pending()),
            status => Ok(status),
        }
    }
}

/// The event a settled top-up or withdrawal leaves for its owner's receipt; a payment
/// request's charge has its own (`payments.payment_request_paid`), a failed top-up none.
async fn append_receipt_event(
    tx: &mut Tx,
    op: &ProviderOperation,
    succeeded: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let (operation_id, user_id) = (op.id.to_string(), op.user.to_string());
    let (amount, currency) = (op.amount.amount, op.amount.currency.code().to_string());
    let event = match (op.purpose, succeeded) {
        (Purpose::TopUp, true) => Event::of(
            &TopUpSucceeded {
                operation_id,
                user_id,
                amount,
                currency,
            },
            now,
        ),
        (Purpose::Withdrawal, true) => Event::of(
            &WithdrawalSucceeded {
                operation_id,
                user_id,
                amount,
                currency,
            },
            now,
        ),
        (Purpose::Withdrawal, false) => Event::of(
            &WithdrawalFailed {
                operation_id,
                user_id,
                amount,
                currency,
            },
            now,
        ),
        (Purpose::TopUp, false) | (Purpose::PaymentRequest, _) => return Ok(()),
    };
    openlance_bus::outbox::append(tx, &event).await
}
