//! Escrow: money held for an order or a milestone until it is released to the payee
//! (minus the platform fee) or refunded to the payer. Every operation takes the caller's
//! transaction, so the orders and contracts contexts move money and change their own
//! state atomically, and none of them calls the payment provider: a hold takes money from
//! the payer's wallet, so a buyer paying by card is first charged with
//! [`Payments::top_up`] (two-phase, outside any transaction) and then the hold runs in
//! the caller's transaction. One escrow holds one currency, funded by one payer; a
//! release or refund moves exactly what the escrow holds at commit. Each operation takes
//! an idempotency key from the caller: the same key twice is `already_moved` (409).

use openlance_core::id::UserId;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::Tx;

use crate::ledger::{self, Account, Movement, Owner, Reference, TransferKind, accounts};
use crate::{MovementId, Payments};

/// What an escrow account holds money for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EscrowRef {
    Order(String),
    Milestone(String),
}

impl EscrowRef {
    pub fn id(&self) -> &str {
        match self {
            Self::Order(id) | Self::Milestone(id) => id,
        }
    }

    pub(crate) fn reference(&self) -> Reference {
        match self {
            Self::Order(id) => Reference::new("order", id),
            Self::Milestone(id) => Reference::new("milestone", id),
        }
    }
}

/// A request to hold money from the payer's wallet in escrow.
#[derive(Clone, Debug)]
pub struct HoldEscrow {
    pub escrow: EscrowRef,
    pub payer: UserId,
    pub amount: Money,
    /// The caller's name for this hold (e.g. `deposit`, or an order transition id): a
    /// second hold with the same key on the same escrow is refused with `already_moved`.
    pub key: String,
}

/// The outcome of a release: the gross amount left escrow, the fee went to the platform,
/// the net stayed with the payee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Release {
    pub gross: Money,
    pub fee: Money,
    pub net: Money,
}

impl Payments {
    /// Holds `amount` in the escrow of an order or milestone, taken from the payer's
    /// wallet (`insufficient_funds` when it holds too little). Several holds may add up
    /// in one escrow, from the same payer and in the same currency.
    pub async fn hold_escrow(&self, tx: &mut Tx, hold: HoldEscrow) -> Result<MovementId> {
        let amount = ledger::movable(hold.amount)?;
        let now = self.now_micros();
        let owner = Owner::Escrow(hold.escrow.clone());
        let existing = accounts::escrows_of(tx.conn(), &owner).await?;
        if existing.iter().any(|(a, _)| a.currency != amount.currency) {
            return Err(currency_mismatch());
        }
        let escrow = accounts::ensure(tx.conn(), &owner, amount.currency, now)
            .await
            .map_err(|e| match e {
                // A concurrent hold created this escrow in another currency.
                DomainError::Conflict { .. } => currency_mismatch(),
                other => other,
            })?;
        self.claim_escrow_payer(tx, &escrow, hold.payer, now)
            .await?;
        let wallet =
            accounts::ensure(tx.conn(), &Owner::Wallet(hold.payer), amount.currency, now).await?;
        let movement = Movement::new(
            movement_key("escrow_hold", &hold.escrow, &hold.key),
            amount.currency,
            Some(hold.escrow.reference()),
        )
        .leg(&wallet, &escrow, amount.amount, TransferKind::EscrowHold);
        let id = movement.id;
        movement.post(tx, now).await?;
        Ok(id)
    }

    /// Releases everything the escrow holds at commit to `payee`, minus the platform fee.
    /// `key` names this release for the caller (a second release with it is refused).
    pub async fn release_escrow(
        &self,
        tx: &mut Tx,
        escrow: &EscrowRef,
        payee: UserId,
        key: &str,
    ) -> Result<Release> {
        let now = self.now_micros();
        for _ in 0..DRAIN_ATTEMPTS {
            let (account, held) = held_escrow(tx, escrow).await?;
            let gross = Money::new(held, account.currency);
            let fee = gross.share_bps(self.config.fee_bps);
            let net = gross.checked_sub(fee)?;
            let wallet =
                accounts::ensure(tx.conn(), &Owner::Wallet(payee), gross.currency, now).await?;
            let platform =
                accounts::ensure(tx.conn(), &Owner::PlatformFees, gross.currency, now).await?;
            let posted = Movement::new(
                movement_key("escrow_release", escrow, key),
                gross.currency,
                Some(escrow.reference()),
            )
            .draining(&account)
            .leg(&account, &wallet, gross.amount, TransferKind::EscrowRelease)
            .leg(&wallet, &platform, fee.amount, TransferKind::PlatformFee)
            .post(tx, now)
            .await;
            match posted {
                Ok(_) => return Ok(Release { gross, fee, net }),
                Err(e) if e.code() == "balance_changed" => continue,
                Err(e) => return Err(emptied(e)),
            }
        }
        Err(busy())
    }

    /// Refunds everything the escrow holds at commit to the payer's wallet. `key` names
    /// this refund for the caller (a second refund with it is refused).
    pub async fn refund_escrow(&self, tx: &mut Tx, escrow: &EscrowRef, key: &str) -> Result<Money> {
        let now = self.now_micros();
        for _ in 0..DRAIN_ATTEMPTS {
            let (account, held) = held_escrow(tx, escrow).await?;
            let payer = escrow_payer(tx, &account).await?;
            let wallet =
                accounts::ensure(tx.conn(), &Owner::Wallet(payer), account.currency, now).await?;
            let amount = Money::new(held, account.currency);
            let posted = Movement::new(
                movement_key("escrow_refund", escrow, key),
                amount.currency,
                Some(escrow.reference()),
            )
            .draining(&account)
            .leg(&account, &wallet, amount.amount, TransferKind::EscrowRefund)
            .post(tx, now)
            .await;
            match posted {
                Ok(_) => return Ok(amount),
                Err(e) if e.code() == "balance_changed" => continue,
                Err(e) => return Err(emptied(e)),
            }
        }
        Err(busy())
    }

    /// What an escrow holds now (zero if it never held anything).
    pub async fn escrow_balance(&self, tx: &mut Tx, escrow: &EscrowRef) -> Result<Option<Money>> {
        let found = accounts::escrows_of(tx.conn(), &Owner::Escrow(escrow.clone())).await?;
        Ok(found.first().map(|(a, held)| Money::new(*held, a.currency)))
    }

    async fn claim_escrow_payer(
        &self,
        tx: &mut Tx,
        escrow: &Account,
        payer: UserId,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO ledger_escrows (account_id, payer_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id) DO NOTHING",
        )
        .bind(escrow.id.to_string())
        .bind(payer.to_string())
        .bind(now)
        .execute(tx.conn())
        .await?;
        if escrow_payer(tx, escrow).await? != payer {
            return Err(DomainError::conflict(
                "escrow_payer_mismatch",
                "this escrow is funded by someone else",
            ));
        }
        Ok(())
    }

    pub(crate) async fn external_account(
        &self,
        tx: &mut Tx,
        amount: Money,
        now: i64,
    ) -> Result<Account> {
        let owner = Owner::Provider(self.provider.name().to_string());
        accounts::ensure(tx.conn(), &owner, amount.currency, now).await
    }
}

/// How often a release or refund re-reads an escrow that a concurrent hold changed.
const DRAIN_ATTEMPTS: usize = 3;

fn movement_key(action: &str, escrow: &EscrowRef, key: &str) -> String {
    let reference = escrow.reference();
    format!("{action}:{}:{}:{key}", reference.kind, reference.id)
}

fn currency_mismatch() -> DomainError {
    DomainError::unprocessable(
        "currency_mismatch",
        "this escrow already holds money in another currency",
    )
}

fn busy() -> DomainError {
    DomainError::conflict(
        "escrow_busy",
        "this escrow kept changing while it was being emptied; try again",
    )
}

/// A concurrent release or refund emptied the escrow between our read and our debit.
fn emptied(e: DomainError) -> DomainError {
    match e.code() {
        "insufficient_funds" => empty(),
        _ => e,
    }
}

fn empty() -> DomainError {
    DomainError::conflict("escrow_empty", "this escrow holds no money")
}

/// The escrow account and its balance; an empty or unknown escrow is a conflict.
async fn held_escrow(tx: &mut Tx, escrow: &EscrowRef) -> Result<(Account, i64)> {
    let found = accounts::escrows_of(tx.conn(), &Owner::Escrow(escrow.clone())).await?;
    match found.into_iter().find(|(_, held)| *held > 0) {
        Some(found) => Ok(found),
        None => Err(empty()),
    }
}

async fn escrow_payer(tx: &mut Tx, escrow: &Account) -> Result<UserId> {
    let row = sqlx::query("SELECT payer_id FROM ledger_escrows WHERE account_id = $1")
        .bind(escrow.id.to_string())
        .fetch_one(tx.conn())
        .await?;
    UserId::parse(&openlance_storage::Row::try_get::<String, _>(
        &row, "payer_id",
    )?)
}
