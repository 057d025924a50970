//! Transaction history: the transfers that touched a user's wallets, newest first,
//! cursor-paginated, each with its direction, counterparty, kind and reference.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Currency, Cursor, DomainError, Money, Page, Result};
use openlance_storage::{AnyRow, Row};

use crate::ledger::{Owner, Reference, TransferKind};
use crate::{EscrowRef, MovementId, Payments, TransferId};

/// Whether money came into the wallet or left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Direction {
    Credit,
    Debit,
}

/// The other side of a wallet entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counterparty {
    User(UserId),
    Escrow(EscrowRef),
    Platform,
    Provider(String),
}

/// One transfer as seen from the user's wallet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletEntry {
    pub id: TransferId,
    pub movement_id: MovementId,
    pub direction: Direction,
    pub amount: Money,
    pub kind: TransferKind,
    pub counterparty: Counterparty,
    pub reference: Option<Reference>,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT t.id, t.movement_id, t.amount, t.currency, t.kind, t.reference_kind, \
     t.reference_id, t.description, t.created_at, \
     CASE WHEN c.owner_kind = 'user' AND c.owner_id = $1 AND c.purpose = 'wallet' THEN 'CREDIT' ELSE 'DEBIT' END AS direction, \
     CASE WHEN c.owner_kind = 'user' AND c.owner_id = $1 AND c.purpose = 'wallet' THEN d.owner_kind ELSE c.owner_kind END AS other_kind, \
     CASE WHEN c.owner_kind = 'user' AND c.owner_id = $1 AND c.purpose = 'wallet' THEN d.owner_id ELSE c.owner_id END AS other_id \
     FROM ledger_transfers t \
     JOIN ledger_accounts d ON d.id = t.debit_account_id \
     JOIN ledger_accounts c ON c.id = t.credit_account_id \
     WHERE ((c.owner_kind = 'user' AND c.owner_id = $1 AND c.purpose = 'wallet') \
         OR (d.owner_kind = 'user' AND d.owner_id = $1 AND d.purpose = 'wallet'))";

/// One page of one wallet account's transfers: the newest credits and the newest debits
/// before the cursor, each read backwards along its own index, then joined for the
/// counterparty. The caller merges the pages of the user's accounts.
const PAGE: &str = "SELECT t.id, t.movement_id, t.amount, t.currency, t.kind, t.reference_kind, \
     t.reference_id, t.description, t.created_at, \
     CASE WHEN t.credit_account_id = $1 THEN 'CREDIT' ELSE 'DEBIT' END AS direction, \
     CASE WHEN t.credit_account_id = $1 THEN d.owner_kind ELSE c.owner_kind END AS other_kind, \
     CASE WHEN t.credit_account_id = $1 THEN d.owner_id ELSE c.owner_id END AS other_id \
     FROM ( \
       SELECT id FROM (SELECT id FROM ledger_transfers \
         WHERE credit_account_id = $1 AND (created_at, id) < ($2, $3) \
         ORDER BY created_at DESC, id DESC LIMIT $4) credits \
       UNION ALL \
       SELECT id FROM (SELECT id FROM ledger_transfers \
         WHERE debit_account_id = $1 AND (created_at, id) < ($2, $3) \
         ORDER BY created_at DESC, id DESC LIMIT $4) debits \
     ) page \
     JOIN ledger_transfers t ON t.id = page.id \
     JOIN ledger_accounts d ON d.id = t.debit_account_id \
     JOIN ledger_accounts c ON c.id = t.credit_account_id";

impl Payments {
    /// The user's wallet history, newest first. `cursor` is the `nextCursor` of the
    /// previous page.
    pub async fn wallet_history(
        &self,
        user: UserId,
        currency: Option<Currency>,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<WalletEntry>> {
        let (before_at, before_id) = match cursor {
            Some(text) => Cursor::decode::<(i64, String)>(text)?,
            None => (i64::MAX, String::new()),
        };
        let fetch = i64::try_from(limit + 1).unwrap_or(101);
        let mut entries = Vec::new();
        for account in self.wallet_accounts(user, currency).await? {
            let rows = sqlx::query(PAGE)
                .bind(&account)
                .bind(before_at)
                .bind(&before_id)
                .bind(fetch)
                .fetch_all(self.db.reader())
                .await?;
            for row in &rows {
                entries.push(entry(row, self.provider.name())?);
            }
        }
        entries.sort_by_key(|e| std::cmp::Reverse((e.created_at, e.id)));
        entries.truncate(limit + 1);
        Ok(Page::from_rows(entries, limit, |e| {
            (
                openlance_core::time::to_micros(e.created_at),
                e.id.to_string(),
            )
        }))
    }

    /// The ids of the user's wallet accounts (one per currency used).
    async fn wallet_accounts(
        &self,
        user: UserId,
        currency: Option<Currency>,
    ) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT id, currency FROM ledger_accounts \
             WHERE owner_kind = 'user' AND owner_id = $1 AND purpose = 'wallet'",
        )
        .bind(user.to_string())
        .fetch_all(self.db.reader())
        .await?;
        let mut ids = Vec::with_capacity(rows.len());
        for r in &rows {
            let code: String = r.try_get("currency")?;
            if currency.is_none_or(|c| code == c.code()) {
                ids.push(r.try_get::<String, _>("id")?);
            }
        }
        Ok(ids)
    }

    /// One entry of the user's wallet history; a transfer that did not touch the
    /// user's wallet is a 404.
    pub async fn wallet_entry(&self, user: UserId, id: TransferId) -> Result<WalletEntry> {
        let sql = format!("{SELECT} AND t.id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.to_string())
            .bind(id.to_string())
            .fetch_optional(self.db.reader())
            .await?
            .ok_or(DomainError::NotFound("transaction"))?;
        entry(&row, self.provider.name())
    }
}

/// One wallet entry; a withdrawal still in flight shows the provider as its counterparty.
fn entry(row: &AnyRow, provider: &str) -> Result<WalletEntry> {
    let currency = Currency::parse(&row.try_get::<String, _>("currency")?)?;
    let other_kind: String = row.try_get("other_kind")?;
    let other_id: String = row.try_get("other_id")?;
    let counterparty = match Owner::from_parts(&other_kind, &other_id)? {
        Owner::Wallet(u) => Counterparty::User(u),
        Owner::Escrow(e) => Counterparty::Escrow(e),
        Owner::PlatformFees => Counterparty::Platform,
        Owner::Provider(name) => Counterparty::Provider(name),
        Owner::PayoutsInFlight => Counterparty::Provider(provider.to_string()),
    };
    let reference = match (
        row.try_get::<Option<String>, _>("reference_kind")?,
        row.try_get::<Option<String>, _>("reference_id")?,
    ) {
        (Some(kind), Some(id)) => Some(Reference { kind, id }),
        _ => None,
    };
    Ok(WalletEntry {
        id: TransferId::parse(&row.try_get::<String, _>("id")?)?,
        movement_id: MovementId::parse(&row.try_get::<String, _>("movement_id")?)?,
        direction: if row.try_get::<String, _>("direction")? == "CREDIT" {
            Direction::Credit
        } else {
            Direction::Debit
        },
        amount: Money::new(row.try_get("amount")?, currency),
        kind: TransferKind::parse(&row.try_get::<String, _>("kind")?)?,
        counterparty,
        reference,
        description: row.try_get("description")?,
        created_at: from_micros(row.try_get("created_at")?),
    })
}
