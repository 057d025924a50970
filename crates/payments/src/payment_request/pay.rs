//! Paying a payment request: once, by its client, from the milestone's escrow or the
//! client's payment method, with the fee taken and the contracts context told.

use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::Tx;

use super::read::fetch;
use super::{PaidRequest, PaymentRequest, PaymentRequestStatus};
use crate::ledger::{Movement, Owner, Reference, TransferKind, accounts};
use crate::{EscrowRef, PaymentRequestId, Payments};

impl Payments {
    /// Pays a PENDING request, once. Only its client may pay; anyone else gets a 404
    /// (or a 403 for its freelancer). A second payment is a 409, even when ten arrive at
    /// once: the PENDING → PAID update is conditional.
    pub async fn pay_payment_request(
        &self,
        tx: &mut Tx,
        caller: UserId,
        id: PaymentRequestId,
        payment_method: Option<&str>,
    ) -> Result<PaidRequest> {
        let request = fetch(tx, id).await?;
        if request.freelancer_id == caller {
            return Err(DomainError::Forbidden(
                "only the client of a payment request may pay it".into(),
            ));
        }
        if request.client_id != caller {
            return Err(DomainError::NotFound("payment request"));
        }
        let amount = request.amount;
        let fee = amount.share_bps(self.config.fee_bps);
        let net = amount.checked_sub(fee)?;
        let now = self.now_micros();
        let claimed = sqlx::query(
            "UPDATE payment_requests SET status = 'PAID', paid_at = $1, fee = $2 \
             WHERE id = $3 AND status = 'PENDING'",
        )
        .bind(now)
        .bind(fee.amount)
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
        if claimed.rows_affected() != 1 {
            return Err(match fetch(tx, id).await?.status {
                PaymentRequestStatus::Cancelled => DomainError::conflict(
                    "payment_request_cancelled",
                    "this payment request was cancelled",
                ),
                _ => DomainError::conflict(
                    "already_paid",
                    "this payment request has already been paid",
                ),
            });
        }
        let reference = Reference::new("payment_request", id);
        let freelancer = accounts::ensure(
            tx.conn(),
            &Owner::Wallet(request.freelancer_id),
            amount.currency,
            now,
        )
        .await?;
        let platform =
            accounts::ensure(tx.conn(), &Owner::PlatformFees, amount.currency, now).await?;
        let escrow = EscrowRef::Milestone(request.milestone_id.clone());
        let funded = self.escrow_balance(tx, &escrow).await?;
        let from_escrow = funded
            .is_some_and(|held| held.currency == amount.currency && held.amount >= amount.amount);
        let movement = Movement::new(
            format!("payment_request:{id}"),
            amount.currency,
            Some(reference),
        )
        .described(Some(request.description.clone()));
        let movement = if from_escrow {
            let escrow_account =
                accounts::ensure(tx.conn(), &Owner::Escrow(escrow), amount.currency, now).await?;
            movement.leg(
                &escrow_account,
                &freelancer,
                amount.amount,
                TransferKind::Payment,
            )
        } else {
            let method = payment_method.unwrap_or(&self.config.default_payment_method);
            self.charge_now(tx, caller, method, amount).await?;
            let external = self.external_account(tx, amount, now).await?;
            let client =
                accounts::ensure(tx.conn(), &Owner::Wallet(caller), amount.currency, now).await?;
            movement
                .leg(&external, &client, amount.amount, TransferKind::Charge)
                .leg(&client, &freelancer, amount.amount, TransferKind::Payment)
        };
        let payment_leg = if from_escrow { 0 } else { 1 };
        let transfers = movement
            .leg(
                &freelancer,
                &platform,
                fee.amount,
                TransferKind::PlatformFee,
            )
            .post(tx, now)
            .await?;
        let transaction_id = transfers
            .get(payment_leg)
            .copied()
            .ok_or_else(|| DomainError::internal("payment transfer missing"))?;
        let event = Event::new(
            "payments.payment_request_paid",
            id,
            serde_json::json!({
                "paymentRequestId": id.to_string(),
                "milestoneId": request.milestone_id,
                "contractId": request.contract_id,
            }),
            self.clock.now(),
        );
        openlance_bus::outbox::append(tx, &event).await?;
        let request = PaymentRequest {
            status: PaymentRequestStatus::Paid,
            fee: Some(fee),
            paid_at: Some(from_micros(now)),
            ..request
        };
        Ok(PaidRequest {
            request,
            transaction_id,
            from_escrow,
            fee,
            net,
        })
    }
}
