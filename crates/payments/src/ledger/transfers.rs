//! Writing transfers. A [`Movement`] is the set of transfers of one operation: they are
//! checked together, their net effect on each balance-keeping account is applied with a
//! conditional UPDATE (debits first, so a refused debit happens before anything is
//! credited; on PostgreSQL the rows are locked in account-id order first, so two
//! transactions never lock the same accounts in opposite orders), and each transfer row
//! is inserted with a unique key. The whole movement runs inside a SAVEPOINT: a movement
//! that fails leaves nothing in the caller's transaction, which stays usable.

use std::collections::{BTreeMap, BTreeSet};

use openlance_core::{Currency, DomainError, Result};
use openlance_storage::{Backend, Tx};

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
    /// Accounts this movement must leave at exactly zero (an escrow released or refunded
    /// in full): their debit is refused with `balance_changed` if they hold anything else.
    pub drains: BTreeSet<String>,
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
            drains: BTreeSet::new(),
        }
    }

    /// Requires `account` to end at exactly zero: what it holds at commit is what moves.
    pub fn draining(mut self, account: &Account) -> Self {
        self.drains.insert(account.id.to_string());
        self
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

    /// Writes the movement in `tx`, atomically: on any error (`insufficient_funds` when a
    /// wallet or escrow would go negative, `already_moved` for a reused key) nothing of it
    /// remains and the caller's transaction can go on.
    pub async fn post(self, tx: &mut Tx, now: i64) -> Result<Vec<TransferId>> {
        let net = self.validate()?;
        sqlx::raw_sql("SAVEPOINT ledger_movement")
            .execute(tx.conn())
            .await?;
        match self.write(tx, &net, now).await {
            Ok(ids) => {
                sqlx::raw_sql("RELEASE SAVEPOINT ledger_movement")
                    .execute(tx.conn())
                    .await?;
                Ok(ids)
            }
            Err(e) => {
                sqlx::raw_sql(
                    "ROLLBACK TO SAVEPOINT ledger_movement; RELEASE SAVEPOINT ledger_movement",
                )
                .execute(tx.conn())
                .await?;
                Err(e)
            }
        }
    }

    async fn write(
        &self,
        tx: &mut Tx,
        net: &BTreeMap<String, (i64, &Account)>,
        now: i64,
    ) -> Result<Vec<TransferId>> {
        let kept: Vec<(&String, i64, &Account)> = net
            .iter()
            .filter(|(_, (delta, account))| *delta != 0 && account.owner.keeps_balance())
            .map(|(id, (delta, account))| (id, *delta, *account))
            .collect();
        if tx.backend() == Backend::Postgres {
            lock_in_order(tx, kept.iter().map(|(id, _, _)| id.as_str())).await?;
        }
        let debits = kept.iter().filter(|(_, d, _)| *d < 0);
        let credits = kept.iter().filter(|(_, d, _)| *d > 0);
        for (id, delta, account) in debits.chain(credits) {
            self.apply_delta(tx, id, *delta, account).await?;
        }
        self.insert_transfers(tx, now).await
    }

    async fn apply_delta(
        &self,
        tx: &mut Tx,
        id: &str,
        delta: i64,
        account: &Account,
    ) -> Result<()> {
        let drained = self.drains.contains(id);
        let sql = match (delta > 0, drained) {
            (true, _) => "UPDATE ledger_accounts SET balance = balance + $1 WHERE id = $2",
            (false, false) => {
                "UPDATE ledger_accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1"
            }
            (false, true) => {
                "UPDATE ledger_accounts SET balance = balance - $1 WHERE id = $2 AND balance = $1"
            }
        };
        let done = sqlx::query(sql)
            .bind(delta.abs())
            .bind(id)
            .execute(tx.conn())
            .await?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        if drained {
            return Err(DomainError::conflict(
                "balance_changed",
                format!(
                    "the {} changed while it was being emptied",
                    account_name(account)
                ),
            ));
        }
        Err(DomainError::unprocessable(
            "insufficient_funds",
            format!(
                "the {} does not hold {} to move",
                account_name(account),
                openlance_core::Money::new(-delta, account.currency)
            ),
        ))
    }

    async fn insert_transfers(&self, tx: &mut Tx, now: i64) -> Result<Vec<TransferId>> {
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

/// Locks the balance rows in id order (PostgreSQL), so concurrent movements over the
/// same accounts queue instead of deadlocking.
async fn lock_in_order<'a>(tx: &mut Tx, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    for id in ids {
        sqlx::query("SELECT id FROM ledger_accounts WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(tx.conn())
            .await?;
    }
    Ok(())
}

fn account_name(account: &Account) -> &'static str {
    match account.owner {
        super::Owner::Wallet(_) => "wallet",
        super::Owner::Escrow(_) => "escrow",
        super::Owner::PlatformFees => "platform fee account",
        super::Owner::Provider(_) => "provider account",
        super::Owner::PayoutsInFlight => "payouts-in-flight account",
    }
}

#[cfg(test)]
mod tests {
    use openlance_core::id::UserId;
    use openlance_storage::Row;
    use openlance_storage::testing::TestDb;

    use super::*;
    use crate::ledger::{Owner, accounts};

    async fn balance(tx: &mut Tx, account: &Account) -> i64 {
        accounts::stored_balance(tx.conn(), account).await.unwrap()
    }

    #[tokio::test]
    async fn a_movement_whose_second_leg_overdraws_leaves_nothing_and_the_transaction_usable() {
        let db = TestDb::new(crate::MIGRATIONS).await;
        let mut tx = db.db.begin().await.unwrap();
        let usd = Currency::USD;
        let ann = accounts::ensure(tx.conn(), &Owner::Wallet(UserId::new()), usd, 0)
            .await
            .unwrap();
        let bob = accounts::ensure(tx.conn(), &Owner::Wallet(UserId::new()), usd, 0)
            .await
            .unwrap();
        let provider = Owner::Provider("test".into());
        let external = accounts::ensure(tx.conn(), &provider, usd, 0)
            .await
            .unwrap();
        Movement::new("fund".into(), usd, None)
            .leg(&external, &ann, 100, TransferKind::TopUp)
            .post(&mut tx, 0)
            .await
            .unwrap();

        // Ann → Bob 60 is fine on its own; Bob → provider 100 then overdraws Bob by 40.
        let err = Movement::new("overdraw".into(), usd, None)
            .leg(&ann, &bob, 60, TransferKind::Payment)
            .leg(&bob, &external, 100, TransferKind::Withdrawal)
            .post(&mut tx, 0)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "insufficient_funds");
        assert_eq!(
            balance(&mut tx, &ann).await,
            100,
            "the first leg was undone"
        );
        assert_eq!(balance(&mut tx, &bob).await, 0);

        // The caller's transaction goes on and commits what it did before and after.
        Movement::new("after".into(), usd, None)
            .leg(&ann, &bob, 30, TransferKind::Payment)
            .post(&mut tx, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let keys: Vec<String> =
            sqlx::query("SELECT idempotency_key FROM ledger_transfers ORDER BY idempotency_key")
                .fetch_all(db.db.reader())
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get("idempotency_key").unwrap())
                .collect();
        assert_eq!(keys, vec!["after/0", "fund/0"]);
    }

    #[tokio::test]
    async fn a_reused_key_is_already_moved_and_the_transaction_stays_usable() {
        let db = TestDb::new(crate::MIGRATIONS).await;
        let mut tx = db.db.begin().await.unwrap();
        let usd = Currency::USD;
        let ann = accounts::ensure(tx.conn(), &Owner::Wallet(UserId::new()), usd, 0)
            .await
            .unwrap();
        let external = accounts::ensure(tx.conn(), &Owner::Provider("test".into()), usd, 0)
            .await
            .unwrap();
        let fund = || {
            Movement::new("fund".into(), usd, None).leg(&external, &ann, 100, TransferKind::TopUp)
        };
        fund().post(&mut tx, 0).await.unwrap();
        let err = fund().post(&mut tx, 0).await.unwrap_err();
        assert_eq!(err.code(), "already_moved");
        assert_eq!(balance(&mut tx, &ann).await, 100, "credited once");
        tx.commit().await.unwrap();
    }
}
