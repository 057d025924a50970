//! Reading balances: a user's wallets and what they have in escrow.

use std::collections::BTreeMap;

use openlance_core::id::UserId;
use openlance_core::{Currency, Money, Result};
use openlance_storage::{Db, Row};

/// A user's money in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletBalance {
    pub currency: Currency,
    /// Spendable: can be withdrawn or used to fund escrow.
    pub available: Money,
    /// Held in escrow for this user's orders and milestones, not yet released or refunded.
    pub in_escrow: Money,
}

/// The user's balances, one per currency they ever used, ordered by currency code.
pub(crate) async fn of_user(db: &Db, user: UserId) -> Result<Vec<WalletBalance>> {
    let user = user.to_string();
    let wallets = sqlx::query(
        "SELECT currency, balance FROM ledger_accounts \
         WHERE owner_kind = 'user' AND owner_id = $1 AND purpose = 'wallet'",
    )
    .bind(&user)
    .fetch_all(db.reader())
    .await?;
    let escrows = sqlx::query(
        "SELECT a.currency, CAST(COALESCE(SUM(a.balance), 0) AS BIGINT) AS held \
         FROM ledger_escrows e JOIN ledger_accounts a ON a.id = e.account_id \
         WHERE e.payer_id = $1 GROUP BY a.currency",
    )
    .bind(&user)
    .fetch_all(db.reader())
    .await?;
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in &wallets {
        out.entry(r.try_get("currency")?).or_default().0 =
            r.try_get::<Option<i64>, _>("balance")?.unwrap_or(0);
    }
    for r in &escrows {
        out.entry(r.try_get("currency")?).or_default().1 = r.try_get::<i64, _>("held")?;
    }
    out.into_iter()
        .map(|(code, (available, held))| {
            let currency = Currency::parse(&code)?;
            Ok(WalletBalance {
                currency,
                available: Money::new(available, currency),
                in_escrow: Money::new(held, currency),
            })
        })
        .collect()
}
