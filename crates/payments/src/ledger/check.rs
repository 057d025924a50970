//! The ledger's invariants, checked over the whole book: `openlance admin ledger check`
//! and the admin trial balance.
//!
//! - every transfer's currency is the currency of both its accounts;
//! - every stored balance equals its account's credits minus its debits;
//! - no wallet or escrow balance is negative;
//! - per currency, all balances sum to zero;
//! - every PAID payment request has its payment transfers.

use std::collections::BTreeMap;

use openlance_core::{Currency, Money, Result};
use openlance_storage::{Db, Row};

/// Totals of one kind of account in one currency.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TrialBalanceLine {
    pub currency: Currency,
    /// `wallet`, `escrow`, `fee_revenue`, `external` or `payouts_in_flight`.
    pub purpose: String,
    pub accounts: i64,
    /// Sum of the balances (credits minus debits) in minor units.
    pub balance: i64,
}

/// The trial balance of the ledger and the result of its invariant checks.
#[derive(Debug, Clone, Default)]
pub struct LedgerReport {
    /// Human-readable trial balance.
    pub lines: Vec<String>,
    /// Every broken invariant; empty when the books balance.
    pub problems: Vec<String>,
    /// The trial balance, per currency and account purpose.
    pub trial_balance: Vec<TrialBalanceLine>,
    /// How many transfers the ledger holds.
    pub transfers: i64,
}

impl LedgerReport {
    pub fn is_balanced(&self) -> bool {
        self.problems.is_empty()
    }
}

impl std::fmt::Display for LedgerReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        for problem in &self.problems {
            writeln!(f, "PROBLEM: {problem}")?;
        }
        if self.problems.is_empty() {
            writeln!(f, "ledger balanced")?;
        }
        Ok(())
    }
}

pub(crate) async fn check(db: &Db) -> Result<LedgerReport> {
    let mut report = LedgerReport::default();
    let (lines, totals) = account_balances(db, &mut report).await?;
    trial_balance(&mut report, lines, totals)?;
    report.transfers = count(db, "SELECT COUNT(*) AS n FROM ledger_transfers").await?;
    report.lines.push(format!("{} transfers", report.transfers));
    let mismatched = count(
        db,
        "SELECT COUNT(*) AS n FROM ledger_transfers t \
         JOIN ledger_accounts d ON d.id = t.debit_account_id \
         JOIN ledger_accounts c ON c.id = t.credit_account_id \
         WHERE t.currency <> d.currency OR t.currency <> c.currency",
    )
    .await?;
    if mismatched != 0 {
        report.problems.push(format!(
            "{mismatched} transfers move money between currencies"
        ));
    }
    let unpaid = count(
        db,
        "SELECT COUNT(*) AS n FROM payment_requests p WHERE p.status = 'PAID' AND NOT EXISTS \
         (SELECT 1 FROM ledger_transfers t WHERE t.reference_kind = 'payment_request' \
          AND t.reference_id = p.id AND t.kind = 'payment')",
    )
    .await?;
    if unpaid != 0 {
        report.problems.push(format!(
            "{unpaid} PAID payment requests have no payment transfer"
        ));
    }
    Ok(report)
}

/// Per (currency, purpose): how many accounts and their summed balance.
type Lines = BTreeMap<(String, String), (i64, i128)>;
/// Per currency: the sum of every balance.
type Totals = BTreeMap<String, i128>;

/// Checks every account's stored balance against its transfers (and against zero) and
/// sums the balances per currency and purpose.
async fn account_balances(db: &Db, report: &mut LedgerReport) -> Result<(Lines, Totals)> {
    let rows = sqlx::query(
        "SELECT a.id, a.owner_kind, a.owner_id, a.purpose, a.currency, a.balance, \
           CAST(COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t \
                          WHERE t.credit_account_id = a.id), 0) AS BIGINT) AS credits, \
           CAST(COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t \
                          WHERE t.debit_account_id = a.id), 0) AS BIGINT) AS debits \
         FROM ledger_accounts a ORDER BY a.currency, a.purpose, a.id",
    )
    .fetch_all(db.reader())
    .await?;
    let mut lines = Lines::new();
    let mut totals = Totals::new();
    for r in &rows {
        let id: String = r.try_get("id")?;
        let purpose: String = r.try_get("purpose")?;
        let currency: String = r.try_get("currency")?;
        let stored: Option<i64> = r.try_get("balance")?;
        let derived = i128::from(r.try_get::<i64, _>("credits")?)
            - i128::from(r.try_get::<i64, _>("debits")?);
        let owner = format!(
            "{} {}",
            r.try_get::<String, _>("owner_kind")?,
            r.try_get::<String, _>("owner_id")?
        );
        let account = format!("{purpose} account {id} ({owner}, {currency})");
        let balance = match stored {
            Some(stored) => {
                if i128::from(stored) != derived {
                    report.problems.push(format!(
                        "{account} stores {stored} but its transfers sum to {derived}"
                    ));
                }
                if stored < 0 {
                    report
                        .problems
                        .push(format!("{account} is negative: {stored}"));
                }
                i128::from(stored)
            }
            None => derived,
        };
        let line = lines.entry((currency.clone(), purpose)).or_default();
        line.0 += 1;
        line.1 += balance;
        *totals.entry(currency).or_default() += balance;
    }
    Ok((lines, totals))
}

/// The trial balance lines, and a problem for every currency that does not sum to zero.
fn trial_balance(report: &mut LedgerReport, lines: Lines, totals: Totals) -> Result<()> {
    for ((code, purpose), (count, balance)) in lines {
        let currency = Currency::parse(&code)?;
        let amount = i64::try_from(balance).unwrap_or(i64::MAX);
        report.lines.push(format!(
            "{code} {purpose:<17} {count:>8} accounts {:>24}",
            Money::new(amount, currency)
        ));
        report.trial_balance.push(TrialBalanceLine {
            currency,
            purpose,
            accounts: count,
            balance: amount,
        });
    }
    for (code, total) in totals {
        report
            .lines
            .push(format!("{code} total {total} minor units"));
        if total != 0 {
            report
                .problems
                .push(format!("{code} balances sum to {total}, not zero"));
        }
    }
    Ok(())
}

async fn count(db: &Db, sql: &'static str) -> Result<i64> {
    let row = sqlx::query(sql).fetch_one(db.reader()).await?;
    Ok(row.try_get::<i64, _>("n")?)
}
