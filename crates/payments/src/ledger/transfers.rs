//! Writing transfers. A [`Movement`] is the set of transfers of one operation: they are
//! checked together, their net effect on each balance-keeping account is applied with a
//! conditional UPDATE (in account-id order, so two transactions never lock the same
//! accounts in opposite orders), and each transfer row is inserted with a unique key.

use std::collections::BTreeMap;

use openlance_core::{Currency, DomainError, Result};
use openlance_storage::Tx;

use super::{Account, MAX_AMOUNT, Reference, TransferKind};
use crate::{MovementId, TransferId};

/// One transfer of a movement.
#[derive(Clone, Debug)]
pub(crate) struct Leg {
    pub debit: Account,
    pub credit: Account,
    pub amount: i64,
    pub kind: TransferKind,
}

/// The transfers of one operation, written atomically within the caller's transaction.
#[derive(Clone, Debug)]
pub(crate) struct Movement {
    pub id: MovementId,
    /// Unique per movement: a second movement with the same key is refused, so a
    /// retried operation can never move money twice. Leg `n` is stored as `key/n`.
    pub key: String,
    pub currency: Currency,
    pub reference: Option<Reference>,
    pub description: Option<String>,
    pub legs: Vec<Leg>,
}

impl Movement {
    pub fn new(key: String, currency: Currency, reference: Option<Reference>) -> Self {
        Self {
            id: MovementId::new(),
            key,
            currency,
            reference,
            description: None,
            legs: Vec::new(),
        }
    }

    /// Adds a transfer; zero amounts (a fee that rounded to nothing) are skipped.
    pub fn leg(
        mut self,
        debit: &Account,
        credit: &Account,
        amount: i64,
        kind: TransferKind,
    ) -> Self {
        if amount != 0 {
            self.legs.push(Leg {
                debit: debit.clone(),
                credit: credit.clone(),
                amount,
                kind,
            });
        }
        self
    }

    pub fn described(mut self, description: Option<String>) -> Self {
        self.description = description;
        self
    }

    fn validate(&self) -> Result<BTreeMap<String, (i64, &Account)>> {
        let mut net: BTreeMap<String, (i64, &Account)> = BTreeMap::new();
        for leg in &self.legs {
            if leg.debit.currency != self.currency || leg.credit.currency != self.currency {
                return Err(DomainError::unprocessable(
                    "currency_mismatch",
                    format!(
                        "cannot move {} between {} and {} accounts",
                        self.currency, leg.debit.currency, leg.credit.currency
                    ),
                ));
            }
            if leg.amount <= 0 || leg.amount > MAX_AMOUNT {
                return Err(DomainError::invalid("amount", "must be a positive amount"));
            }
            if leg.debit.id == leg.credit.id {
                return Err(DomainError::unprocessable(
                    "same_account",
                    "cannot move money from an account to itself",
                ));
            }
            for (account, delta) in [(&leg.debit, -leg.amount), (&leg.credit, leg.amount)] {
                let entry = net.entry(account.id.to_string()).or_insert((0, account));
                entry.0 = entry
                    .0
                    .checked_add(delta)
                    .ok_or_else(|| DomainError::invalid("amount", "amount overflows"))?;
            }
        }
        Ok(net)
    }

    /// Writes the movement in `tx`. Fails with `insufficient_funds` (nothing written by
    /// this call survives the caller's rollback) when a wallet or escrow would go negative.
    pub async fn post(self, tx: &mut Tx, now: i64) -> Result<Vec<TransferId>> {
        let net = self.validate()?;
        for (id, (delta, account)) in &net {
            if *delta == 0 || !account.owner.keeps_balance() {
                continue;
            }
            let done = if *delta > 0 {
                sqlx::query("UPDATE ledger_accounts SET balance = balance + $1 WHERE id = $2")
                    .bind(*delta)
                    .bind(id.as_str())
                    .execute(tx.conn())
                    .await?
            } else {
                sqlx::query(
                    "UPDATE ledger_accounts SET balance = balance - $1 \
                     WHERE id = $2 AND balance >= $1",
                )
                .bind(-*delta)
                .bind(id.as_str())
                .execute(tx.conn())
                .await?
            };
            if done.rows_affected() != 1 {
                return Err(DomainError::unprocessable(
                    "insufficient_funds",
                    format!(
                        "the {} does not hold {} to move",
                        account_name(account),
                        openlance_core::Money::new(-*delta, account.currency)
                    ),
                ));
            }
        }
        let (ref_kind, ref_id) = match &self.reference {
            Some(r) => (Some(r.kind.clone()), Some(r.id.clone())),
            None => (None, None),
        };
        let mut ids = Vec::with_capacity(self.legs.len());
        for (n, leg) in self.legs.iter().enumerate() {
            let id = TransferId::new();
            sqlx::query(
                "INSERT INTO ledger_transfers (id, movement_id, debit_account_id, credit_account_id, \
                 amount, currency, kind, reference_kind, reference_id, description, idempotency_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(id.to_string())
            .bind(self.id.to_string())
            .bind(leg.debit.id.to_string())
            .bind(leg.credit.id.to_string())
            .bind(leg.amount)
            .bind(self.currency.code())
            .bind(leg.kind.as_str())
            .bind(ref_kind.clone())
            .bind(ref_id.clone())
            .bind(self.description.clone())
            .bind(format!("{}/{n}", self.key))
            .bind(now)
            .execute(tx.conn())
            .await
            .map_err(|e| match DomainError::from(e) {
                DomainError::Conflict { .. } => DomainError::conflict(
                    "already_moved",
                    "this money has already been moved",
                ),
                other => other,
            })?;
            ids.push(id);
        }
        Ok(ids)
    }
}

fn account_name(account: &Account) -> &'static str {
    match account.owner {
        super::Owner::Wallet(_) => "wallet",
        super::Owner::Escrow(_) => "escrow",
        super::Owner::PlatformFees => "platform fee account",
        super::Owner::Provider(_) => "provider account",
    }
}
