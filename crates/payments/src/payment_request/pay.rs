//! Paying a payment request: once, by its client. From the milestone's escrow when it
//! holds the amount (one transaction, no provider); otherwise in three steps, so the
//! provider is never called inside a transaction:
//!
//! 1. (transaction) check the caller and that the request is PENDING, record the charge
//!    as a pending provider operation keyed by the caller's [`OperationKey`];
//! 2. charge the client's payment method (no transaction);
//! 3. (transaction) post the charge into the client's wallet and, if the request is still
//!    PENDING, pay it from there (see `complete`). If it was paid or cancelled meanwhile,
//!    the money stays in the client's wallet: nothing is lost or charged twice.
//!
//! A charge whose outcome is unknown stays pending and is finished by the reconciler.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use openlance_storage::Tx;

use super::complete::Funding;
use super::read::fetch;
use super::{PaidRequest, PaymentRequest, PaymentRequestStatus};
use crate::operation::{
    NewOperation, OperationKey, OperationStatus, ProviderOperation, Purpose, provider_key,
};
use crate::{EscrowRef, PaymentRequestId, Payments, ProviderOperationId};

/// What paying a request came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayOutcome {
    Paid(Box<PaidRequest>),
    /// The provider has not answered yet; the charge is settled later (a retry with the
    /// same key, the provider's webhook or the reconciler), and pays the request then.
    Pending {
        operation_id: ProviderOperationId,
    },
}

/// What step 1 decided.
enum Begun {
    PaidFromEscrow(PaidRequest),
    Charge(ProviderOperation),
}

impl Payments {
    /// Pays a PENDING request, once. Only its client may pay; anyone else gets a 404 (or a
    /// 403 for its freelancer). A second payment is a 409, even when ten arrive at once.
    pub async fn pay_payment_request(
        &self,
        caller: UserId,
        id: PaymentRequestId,
        payment_method: Option<&str>,
        key: &OperationKey,
    ) -> Result<PayOutcome> {
        let method = payment_method.unwrap_or(&self.config.default_payment_method);
        let op = match self.begin_payment(caller, id, method, key).await? {
            Begun::PaidFromEscrow(paid) => return Ok(PayOutcome::Paid(Box::new(paid))),
            Begun::Charge(op) => op,
        };
        let op = self.drive(op).await?;
        self.payment_outcome(op, id).await
    }

    /// Step 1, in one short transaction.
    async fn begin_payment(
        &self,
        caller: UserId,
        id: PaymentRequestId,
        method: &str,
        key: &OperationKey,
    ) -> Result<Begun> {
        let mut tx = self.db.begin().await?;
        // Lock the request (a no-op update takes the row lock on both engines), so a
        // concurrent payment's step 3 and this step 1 see each other's outcome.
        sqlx::query("UPDATE payment_requests SET status = status WHERE id = $1")
            .bind(id.to_string())
            .execute(tx.conn())
            .await?;
        let request = authorized(&mut tx, caller, id).await?;
        if request.status != PaymentRequestStatus::Pending {
            // A retry of a charge that went through: answer with how it ended.
            let sql = format!(
                "SELECT {} FROM provider_operations WHERE provider = $1 AND idempotency_key = $2",
                crate::operation::COLUMNS
            );
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(self.provider.name())
                .bind(provider_key(Purpose::PaymentRequest, key))
                .fetch_optional(tx.conn())
                .await?;
            return match row {
                Some(row) => Ok(Begun::Charge(crate::operation::from_row(&row)?)),
                None => Err(not_pending(request.status)),
            };
        }
        let charging = sqlx::query(
            "SELECT id FROM provider_operations WHERE subject_id = $1 AND status = 'PENDING' \
             AND purpose = 'payment_request'",
        )
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?
        .is_some();
        let escrow = EscrowRef::Milestone(request.milestone_id.clone());
        let funded = self.escrow_balance(&mut tx, &escrow).await?;
        let amount = request.amount;
        // With a charge in flight, record_pending resumes it (same key) or refuses.
        if !charging
            && funded.is_some_and(|held| {
                held.currency == amount.currency && held.amount >= amount.amount
            })
        {
            let now = self.now_micros();
            let paid = self
                .complete_payment(&mut tx, request, Funding::Escrow(escrow), now)
                .await?;
            tx.commit().await?;
            return Ok(Begun::PaidFromEscrow(paid));
        }
        let new = NewOperation {
            purpose: Purpose::PaymentRequest,
            user: caller,
            amount,
            payment_method: Some(method.to_string()),
            subject_id: Some(id.to_string()),
            description: Some(request.description.clone()),
        };
        let (op, _) = self.record_pending(&mut tx, new, key).await?;
        tx.commit().await?;
        Ok(Begun::Charge(op))
    }

    /// What the caller learns once the charge was driven as far as it goes now.
    async fn payment_outcome(
        &self,
        op: ProviderOperation,
        id: PaymentRequestId,
    ) -> Result<PayOutcome> {
        match op.status {
            OperationStatus::Pending => Ok(PayOutcome::Pending {
                operation_id: op.id,
            }),
            OperationStatus::Failed => Err(DomainError::PaymentDeclined(
                op.failure_message
                    .unwrap_or_else(|| "the payment method was declined".into()),
            )),
            OperationStatus::Succeeded => {
                let mut tx = self.db.begin().await?;
                let request = fetch(&mut tx, id).await?;
                let paid = match request.status {
                    PaymentRequestStatus::Paid => self.paid_request(&mut tx, request).await,
                    status => Err(not_pending(status)),
                };
                tx.rollback().await?;
                paid.map(|p| PayOutcome::Paid(Box::new(p)))
            }
        }
    }

    /// Step 3's second half, in the settling transaction: the charge is in the client's
    /// wallet; pay the request from there if it is still PENDING.
    pub(crate) async fn pay_from_wallet_if_pending(
        &self,
        tx: &mut Tx,
        id: PaymentRequestId,
        client: UserId,
        now: i64,
    ) -> Result<()> {
        let request = fetch(tx, id).await?;
        if request.status != PaymentRequestStatus::Pending || request.client_id != client {
            return Ok(());
        }
        self.complete_payment(tx, request, Funding::Wallet(client), now)
            .await?;
        Ok(())
    }
}

/// The request, if `caller` is its client: its freelancer gets a 403, anyone else a 404.
async fn authorized(tx: &mut Tx, caller: UserId, id: PaymentRequestId) -> Result<PaymentRequest> {
    let request = fetch(tx, id).await?;
    if request.freelancer_id == caller {
        return Err(DomainError::Forbidden(
            "only the client of a payment request may pay it".into(),
        ));
    }
    if request.client_id != caller {
        return Err(DomainError::NotFound("payment request"));
    }
    Ok(request)
}

/// The 409 for paying a request that is no longer PENDING.
pub(super) fn not_pending(status: PaymentRequestStatus) -> DomainError {
    match status {
        PaymentRequestStatus::Cancelled => DomainError::conflict(
            "payment_request_cancelled",
            "this payment request was cancelled",
        ),
        _ => DomainError::conflict("already_paid", "this payment request has already been paid"),
    }
}
