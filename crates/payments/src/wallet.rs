//! Wallets: top-ups (a charge through the provider credits the wallet from the
//! provider's external account), withdrawals (a payout through the provider, refused
//! when it would overdraw), balances, and the settlement of asynchronous outcomes.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::{Row, Tx};

use crate::ledger::{
    self, Movement, Owner, Reference, TransferKind, WalletBalance, accounts, balances,
};
use crate::provider::{ChargeRequest, Operation, OperationStatus, PayoutRequest, ProviderOutcome};
use crate::{Payments, ProviderOperationId, TransferId};

/// A top-up or a withdrawal as the provider answered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderMovement {
    pub operation_id: ProviderOperationId,
    pub status: OperationStatus,
    pub amount: Money,
    /// The ledger transfer, once money moved (none for a pending top-up).
    pub transfer_id: Option<TransferId>,
    /// The provider's reference, which asynchronous outcomes are reported for.
    pub provider_reference: String,
    /// The wallet's available balance after the operation.
    pub balance: Money,
}

impl Payments {
    /// Charges `payment_method` and credits the user's wallet. A pending charge credits
    /// nothing until the provider reports success.
    pub async fn top_up(
        &self,
        tx: &mut Tx,
        user: UserId,
        amount: Money,
        payment_method: &str,
    ) -> Result<ProviderMovement> {
        let amount = ledger::movable(amount)?;
        let now = self.now_micros();
        let id = ProviderOperationId::new();
        let request = ChargeRequest {
            payer: user,
            payment_method: payment_method.to_string(),
            amount,
            idempotency_key: id.to_string(),
        };
        let outcome = self
            .provider
            .charge(&request)
            .await
            .map_err(DomainError::internal)?;
        let (status, reference) = accepted(outcome)?;
        self.record_operation(
            tx,
            Operation {
                id,
                kind: "charge",
                reference: &reference,
                user,
                amount,
                status,
            },
        )
        .await?;
        let wallet =
            accounts::ensure(tx.conn(), &Owner::Wallet(user), amount.currency, now).await?;
        let mut transfer_id = None;
        if status == OperationStatus::Succeeded {
            let external = self.external_account(tx, amount, now).await?;
            let ids = Movement::new(
                format!("top_up:{id}"),
                amount.currency,
                Some(Reference::new("provider_operation", id)),
            )
            .leg(&external, &wallet, amount.amount, TransferKind::TopUp)
            .post(tx, now)
            .await?;
            transfer_id = ids.first().copied();
        }
        let balance = Money::new(
            accounts::stored_balance(tx.conn(), &wallet).await?,
            amount.currency,
        );
        Ok(ProviderMovement {
            operation_id: id,
            status,
            amount,
            transfer_id,
            provider_reference: reference,
            balance,
        })
    }

    /// Debits the wallet and pays the money out through the provider. Refused with
    /// `insufficient_funds` when the wallet holds less than `amount`: the debit is a
    /// conditional update, so concurrent withdrawals can never overdraw.
    pub async fn withdraw(
        &self,
        tx: &mut Tx,
        user: UserId,
        amount: Money,
        description: Option<String>,
    ) -> Result<ProviderMovement> {
        let amount = ledger::movable(amount)?;
        let now = self.now_micros();
        let id = ProviderOperationId::new();
        let Some(wallet) = accounts::find(tx.conn(), &Owner::Wallet(user), amount.currency).await?
        else {
            return Err(DomainError::unprocessable(
                "insufficient_funds",
                format!("you have no {} to withdraw", amount.currency),
            ));
        };
        let external = self.external_account(tx, amount, now).await?;
        let ids = Movement::new(
            format!("withdrawal:{id}"),
            amount.currency,
            Some(Reference::new("provider_operation", id)),
        )
        .described(description)
        .leg(&wallet, &external, amount.amount, TransferKind::Withdrawal)
        .post(tx, now)
        .await?;
        let request = PayoutRequest {
            payee: user,
            amount,
            idempotency_key: id.to_string(),
        };
        let outcome = self
            .provider
            .payout(&request)
            .await
            .map_err(DomainError::internal)?;
        let (status, reference) = accepted(outcome)?;
        self.record_operation(
            tx,
            Operation {
                id,
                kind: "payout",
                reference: &reference,
                user,
                amount,
                status,
            },
        )
        .await?;
        let balance = Money::new(
            accounts::stored_balance(tx.conn(), &wallet).await?,
            amount.currency,
        );
        Ok(ProviderMovement {
            operation_id: id,
            status,
            amount,
            transfer_id: ids.first().copied(),
            provider_reference: reference,
            balance,
        })
    }

    /// Applies an asynchronous outcome the provider reported for `provider_reference`:
    /// a pending top-up that succeeded credits the wallet; a pending payout that failed
    /// gives the money back. Reporting an operation twice is a conflict and moves nothing.
    pub async fn settle_provider_operation(
        &self,
        provider_reference: &str,
        succeeded: bool,
    ) -> Result<OperationStatus> {
        let now = self.now_micros();
        let status = if succeeded {
            OperationStatus::Succeeded
        } else {
            OperationStatus::Failed
        };
        let mut tx = self.db.begin().await?;
        let row = sqlx::query(
            "UPDATE provider_operations SET status = $1, settled_at = $2 \
             WHERE provider = $3 AND provider_ref = $4 AND status = 'PENDING' \
             RETURNING id, operation, user_id, amount, currency",
        )
        .bind(status.as_str())
        .bind(now)
        .bind(self.provider.name())
        .bind(provider_reference)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| {
            DomainError::conflict(
                "not_pending",
                "no pending provider operation has this reference",
            )
        })?;
        let id: String = row.get("id");
        let operation: String = row.get("operation");
        let user = UserId::parse(&row.get::<String, _>("user_id"))?;
        let currency = openlance_core::Currency::parse(&row.get::<String, _>("currency"))?;
        let amount = Money::new(row.get::<i64, _>("amount"), currency);
        let kind = match (operation.as_str(), succeeded) {
            ("charge", true) => Some(TransferKind::TopUp),
            ("payout", false) => Some(TransferKind::WithdrawalReversal),
            _ => None,
        };
        if let Some(kind) = kind {
            let wallet = accounts::ensure(tx.conn(), &Owner::Wallet(user), currency, now).await?;
            let external = self.external_account(&mut tx, amount, now).await?;
            Movement::new(
                format!("settle:{id}"),
                currency,
                Some(Reference::new("provider_operation", &id)),
            )
            .leg(&external, &wallet, amount.amount, kind)
            .post(&mut tx, now)
            .await?;
        }
        tx.commit().await?;
        Ok(status)
    }

    /// The user's balances per currency: available and held in escrow.
    pub async fn wallet(&self, user: UserId) -> Result<Vec<WalletBalance>> {
        balances::of_user(&self.db, user).await
    }
}

/// A success or a pending outcome, with the provider's reference; a decline is an error.
fn accepted(outcome: ProviderOutcome) -> Result<(OperationStatus, String)> {
    match outcome {
        ProviderOutcome::Succeeded { reference } => Ok((OperationStatus::Succeeded, reference)),
        ProviderOutcome::Pending { reference } => Ok((OperationStatus::Pending, reference)),
        ProviderOutcome::Declined { message, .. } => Err(DomainError::PaymentDeclined(message)),
    }
}
