//! The PENDING → PAID step of a payment request, in the caller's transaction: the
//! transition (with its audit row), the payment and fee legs, and the typed
//! [`PaymentRequestPaid`] event in the outbox.

use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::transition::{self, Move};
use openlance_storage::{Row, Tx};

use super::pay::not_pending;
use super::read::fetch;
use super::{MACHINE, PaidRequest, PaymentRequest, PaymentRequestPaid, PaymentRequestStatus};
use crate::ledger::{Movement, Owner, Reference, TransferKind, accounts};
use crate::{EscrowRef, Payments, TransferId};

/// Where the money for a payment comes from.
pub(super) enum Funding {
    /// The milestone's escrow.
    Escrow(EscrowRef),
    /// The client's wallet (just credited by a charge).
    Wallet(UserId),
}

impl Payments {
    pub(super) async fn complete_payment(
        &self,
        tx: &mut Tx,
        request: PaymentRequest,
        funding: Funding,
        now: i64,
    ) -> Result<PaidRequest> {
        let id = request.id;
        let amount = request.amount;
        let fee = amount.share_bps(self.config.fee_bps);
        let net = amount.checked_sub(fee)?;
        let id_text = id.to_string();
        self.mark_paid(tx, &request, fee, now).await?;
        let (source, from_escrow) = match funding {
            Funding::Escrow(escrow) => (Owner::Escrow(escrow), true),
            Funding::Wallet(client) => (Owner::Wallet(client), false),
        };
        let source = accounts::ensure(tx.conn(), &source, amount.currency, now).await?;
        let freelancer = Owner::Wallet(request.freelancer_id);
        let freelancer = accounts::ensure(tx.conn(), &freelancer, amount.currency, now).await?;
        let platform =
            accounts::ensure(tx.conn(), &Owner::PlatformFees, amount.currency, now).await?;
        let transfers = Movement::new(
            format!("payment_request:{id}"),
            amount.currency,
            Some(Reference::new("payment_request", id)),
        )
        .described(Some(request.description.clone()))
        .leg(&source, &freelancer, amount.amount, TransferKind::Payment)
        .leg(
            &freelancer,
            &platform,
            fee.amount,
            TransferKind::PlatformFee,
        )
        .post(tx, now)
        .await?;
        let transaction_id = transfers
            .first()
            .copied()
            .ok_or_else(|| DomainError::internal("payment transfer missing"))?;
        let event = PaymentRequestPaid {
            payment_request_id: id_text.clone(),
            milestone_id: request.milestone_id.clone(),
            contract_id: request.contract_id.clone(),
        };
        openlance_bus::outbox::append(tx, &Event::of(&event, self.clock.now())).await?;
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

    /// PENDING → PAID through the state machine (with its audit row), and the fee.
    async fn mark_paid(
        &self,
        tx: &mut Tx,
        request: &PaymentRequest,
        fee: openlance_core::Money,
        now: i64,
    ) -> Result<()> {
        let id_text = request.id.to_string();
        let client = request.client_id.to_string();
        let mv = Move {
            id: &id_text,
            to: PaymentRequestStatus::Paid,
            actor: Some(&client),
            reason: None,
            at: now,
        };
        if let Err(e) = transition::apply(tx, &MACHINE, mv).await {
            return Err(match e.code() {
                "invalid_transition" => not_pending(fetch(tx, request.id).await?.status),
                _ => e,
            });
        }
        sqlx::query("UPDATE payment_requests SET paid_at = $1, fee = $2 WHERE id = $3")
            .bind(now)
            .bind(fee.amount)
            .bind(&id_text)
            .execute(tx.conn())
            .await?;
        Ok(())
    }

    /// A PAID request as its payment left it (for a retry that finds it paid).
    pub(super) async fn paid_request(
        &self,
        tx: &mut Tx,
        request: PaymentRequest,
    ) -> Result<PaidRequest> {
        let row = sqlx::query(
            "SELECT t.id, a.purpose FROM ledger_transfers t \
             JOIN ledger_accounts a ON a.id = t.debit_account_id \
             WHERE t.reference_kind = 'payment_request' AND t.reference_id = $1 \
               AND t.kind = 'payment'",
        )
        .bind(request.id.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| DomainError::internal("paid request without payment transfer"))?;
        let transaction_id = TransferId::parse(&row.try_get::<String, _>("id")?)?;
        let from_escrow = row.try_get::<String, _>("purpose")? == "escrow";
        let fee = request
            .fee
            .unwrap_or_else(|| request.amount.share_bps(self.config.fee_bps));
        let net = request.amount.checked_sub(fee)?;
        Ok(PaidRequest {
            request,
            transaction_id,
            from_escrow,
            fee,
            net,
        })
    }
}
