//! Ledger accounts, created lazily the first time money moves through them.

use openlance_core::{Currency, DomainError, Result};
use openlance_storage::Row;
use sqlx::AnyConnection;

use super::{Account, Owner};
use crate::AccountId;

/// The account of `owner` in `currency`, created if it does not exist yet. Concurrent
/// creators race on the unique owner key; the loser reads the winner's row.
pub(crate) async fn ensure(
    conn: &mut AnyConnection,
    owner: &Owner,
    currency: Currency,
    now: i64,
) -> Result<Account> {
    let (kind, purpose) = owner.kind_purpose();
    let owner_id = owner.owner_id();
    let balance: Option<i64> = owner.keeps_balance().then_some(0);
    sqlx::query(
        "INSERT INTO ledger_accounts (id, owner_kind, owner_id, currency, purpose, balance, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (owner_kind, owner_id, currency, purpose) DO NOTHING",
    )
    .bind(AccountId::new().to_string())
    .bind(kind)
    .bind(&owner_id)
    .bind(currency.code())
    .bind(purpose)
    .bind(balance)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    find(conn, owner, currency)
        .await?
        .ok_or_else(|| DomainError::internal("ledger account vanished after insert"))
}

/// The account of `owner` in `currency`, if money ever moved through it.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    owner: &Owner,
    currency: Currency,
) -> Result<Option<Account>> {
    let (kind, purpose) = owner.kind_purpose();
    let row = sqlx::query(
        "SELECT id FROM ledger_accounts \
         WHERE owner_kind = $1 AND owner_id = $2 AND currency = $3 AND purpose = $4",
    )
    .bind(kind)
    .bind(owner.owner_id())
    .bind(currency.code())
    .bind(purpose)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Account {
            id: AccountId::parse(&r.try_get::<String, _>("id")?)?,
            owner: owner.clone(),
            currency,
        })
    })
    .transpose()
}

/// The stored balance of an account that keeps one (wallets, escrows).
pub(crate) async fn stored_balance(conn: &mut AnyConnection, account: &Account) -> Result<i64> {
    let row = sqlx::query("SELECT balance FROM ledger_accounts WHERE id = $1")
        .bind(account.id.to_string())
        .fetch_one(conn)
        .await?;
    Ok(row.try_get::<Option<i64>, _>("balance")?.unwrap_or(0))
}

/// The escrow accounts of an order or milestone (at most one per currency).
pub(crate) async fn escrows_of(
    conn: &mut AnyConnection,
    owner: &Owner,
) -> Result<Vec<(Account, i64)>> {
    let (kind, purpose) = owner.kind_purpose();
    let rows = sqlx::query(
        "SELECT id, currency, balance FROM ledger_accounts \
         WHERE owner_kind = $1 AND owner_id = $2 AND purpose = $3 ORDER BY currency",
    )
    .bind(kind)
    .bind(owner.owner_id())
    .bind(purpose)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let account = Account {
                id: AccountId::parse(&r.try_get::<String, _>("id")?)?,
                owner: owner.clone(),
                currency: Currency::parse(&r.try_get::<String, _>("currency")?)?,
            };
            Ok((
                account,
                r.try_get::<Option<i64>, _>("balance")?.unwrap_or(0),
            ))
        })
        .collect()
}
