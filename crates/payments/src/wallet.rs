//! Wallets: top-ups (a charge through the provider credits the wallet from the provider's
//! external account), withdrawals (the amount leaves the wallet for the payouts-in-flight
//! account, then goes to the provider when it confirms the payout, or back to the wallet
//! when the payout fails) and balances. Both are two-phase provider operations (see
//! `crate::operation`): they take no transaction from the caller, and the provider is
//! called with none open.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};

use crate::ledger::{
    self, Movement, Owner, Reference, TransferKind, WalletBalance, accounts, balances,
};
use crate::operation::{NewOperation, OperationKey, OperationStatus, ProviderOperation, Purpose};
use crate::{Payments, ProviderOperationId, TransferId};

/// A top-up or a withdrawal as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderMovement {
    pub operation_id: ProviderOperationId,
    /// `Pending` while the provider has not answered (a timeout, an asynchronous
    /// confirmation): the webhook or the reconciler settles it later.
    pub status: OperationStatus,
    pub amount: Money,
    /// The wallet's ledger transfer: the credit of a top-up once it succeeded, the debit
    /// of a withdrawal (made before the payout is asked for).
    pub transfer_id: Option<TransferId>,
    /// The provider's reference, once it answered.
    pub provider_reference: Option<String>,
    /// The wallet's available balance now.
    pub balance: Money,
}

impl Payments {
    /// Charges `payment_method` and credits the user's wallet. `key` names the operation
    /// across retries: a retry with the same key resumes it and never charges twice. A
    /// declined card is a 402; an unknown outcome is a `Pending` movement.
    pub async fn top_up(
        &self,
        user: UserId,
        amount: Money,
        payment_method: &str,
        key: &OperationKey,
    ) -> Result<ProviderMovement> {
        let amount = ledger::movable(amount)?;
        let new = NewOperation {
            purpose: Purpose::TopUp,
            user,
            amount,
            payment_method: Some(payment_method.to_string()),
            subject_id: None,
            description: None,
        };
        let mut tx = self.db.begin().await?;
        let (op, _) = self.record_pending(&mut tx, new, key).await?;
        tx.commit().await?;
        let op = self.drive(op).await?;
        self.provider_movement(op).await
    }

    /// Takes `amount` out of the wallet and pays it out through the provider. Refused with
    /// `insufficient_funds` when the wallet holds less (the debit is a conditional update,
    /// so concurrent withdrawals never overdraw). A payout the provider refuses gives the
    /// money back and is a 402; an unknown outcome leaves it in flight (`Pending`).
    pub async fn withdraw(
        &self,
        user: UserId,
        amount: Money,
        description: Option<String>,
        key: &OperationKey,
    ) -> Result<ProviderMovement> {
        let amount = ledger::movable(amount)?;
        let now = self.now_micros();
        let new = NewOperation {
            purpose: Purpose::Withdrawal,
            user,
            amount,
            payment_method: None,
            subject_id: None,
            description: description.clone(),
        };
        let mut tx = self.db.begin().await?;
        let (op, fresh) = self.record_pending(&mut tx, new, key).await?;
        if fresh {
            let Some(wallet) =
                accounts::find(tx.conn(), &Owner::Wallet(user), amount.currency).await?
            else {
                return Err(DomainError::unprocessable(
                    "insufficient_funds",
                    format!("you have no {} to withdraw", amount.currency),
                ));
            };
            let in_flight =
                accounts::ensure(tx.conn(), &Owner::PayoutsInFlight, amount.currency, now).await?;
            Movement::new(
                format!("withdrawal:{}", op.id),
                amount.currency,
                Some(Reference::new("provider_operation", op.id)),
            )
            .described(description)
            .leg(&wallet, &in_flight, amount.amount, TransferKind::Withdrawal)
            .post(&mut tx, now)
            .await?;
        }
        tx.commit().await?;
        let op = self.drive(op).await?;
        self.provider_movement(op).await
    }

    /// What a top-up or withdrawal did, or the provider's decline.
    async fn provider_movement(&self, op: ProviderOperation) -> Result<ProviderMovement> {
        if op.status == OperationStatus::Failed {
            return Err(DomainError::PaymentDeclined(
                op.failure_message
                    .unwrap_or_else(|| "the payment provider refused it".into()),
            ));
        }
        let transfer_key = match op.purpose {
            Purpose::Withdrawal => format!("withdrawal:{}/0", op.id),
            _ => format!("top_up:{}/0", op.id),
        };
        let mut conn = self.db.reader().acquire().await?;
        let transfer = sqlx::query("SELECT id FROM ledger_transfers WHERE idempotency_key = $1")
            .bind(transfer_key)
            .fetch_optional(&mut *conn)
            .await?;
        let transfer_id = match transfer {
            Some(row) => Some(TransferId::parse(&openlance_storage::Row::try_get::<
                String,
                _,
            >(&row, "id")?)?),
            None => None,
        };
        let wallet = accounts::find(&mut conn, &Owner::Wallet(op.user), op.amount.currency).await?;
        let balance = match wallet {
            Some(wallet) => accounts::stored_balance(&mut conn, &wallet).await?,
            None => 0,
        };
        Ok(ProviderMovement {
            operation_id: op.id,
            status: op.status,
            amount: op.amount,
            transfer_id,
            provider_reference: op.provider_reference,
            balance: Money::new(balance, op.amount.currency),
        })
    }

    /// The user's balances per currency: available and held in escrow.
    pub async fn wallet(&self, user: UserId) -> Result<Vec<WalletBalance>> {
        balances::of_user(&self.db, user).await
    }
}
