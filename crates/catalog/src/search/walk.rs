//! The bounded walk of an index on SQLite, for newest-first and price orders.
//!
//! The walk reads the index that gives the page order in windows beyond the cursor: a
//! window's end is the key of its N-th entry (`ORDER BY … LIMIT 1 OFFSET N-1`: a walk of
//! the FTS doclist, or of a covering partial index of active listings, reading no listing),
//! then one query reads the window's listings in order and checks the other filters (and,
//! for the price walk, the keywords by rowid in the FTS index). Windows double (64, 128, …
//! entries) until the page is full, the index runs out, or [`MAX_SCANNED`] entries were
//! read: then the page is returned short, with a cursor at the last entry read, so a
//! filter almost nothing passes costs a bounded amount per request.

use openlance_core::Result;
use openlance_storage::{Backend, Row};

use super::fetch::{Bind, Drive, Query, Sql, Window, fts_query};
use super::{After, SortOrder, Walked};
use crate::Catalog;

/// The first window's size, in index entries; each next window doubles it.
const FIRST_WINDOW: i64 = 64;
/// Most index entries one request reads before answering a short page.
pub(crate) const MAX_SCANNED: i64 = 8_192;

/// The index a walk reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The FTS index's matches, newest first (its rowid is the listing's `seq`).
    Keywords,
    /// Active listings newest first (by category when the search has one).
    Listings,
    /// Active listings in the search's currency by price.
    Prices,
}

impl Catalog {
    pub(super) async fn walk(
        &self,
        q: &Query<'_>,
        source: Source,
        mut start: Option<After>,
    ) -> Result<Walked> {
        let want = q.search.limit + 1;
        let drive = match source {
            Source::Prices => Drive::Probe,
            Source::Keywords | Source::Listings => Drive::Keywords,
        };
        let mut rows = Vec::new();
        let mut size = FIRST_WINDOW;
        let mut scanned = 0;
        while scanned < MAX_SCANNED {
            let end = self.window_end(q, source, start, size).await?;
            let window = Window {
                start,
                end,
                floor: None,
            };
            rows.extend(self.fetch(q, drive, &window, want - rows.len()).await?);
            match end {
                Some(end) if rows.len() < want => start = Some(end),
                // The page is full, or the index ran out.
                _ => {
                    return Ok(Walked {
                        rows,
                        scanned_to: None,
                    });
                }
            }
            scanned += size;
            size *= 2;
        }
        Ok(Walked {
            rows,
            scanned_to: start,
        })
    }

    /// The key of the `size`-th entry of `source` beyond `start`; `None` when fewer remain.
    async fn window_end(
        &self,
        q: &Query<'_>,
        source: Source,
        start: Option<After>,
        size: i64,
    ) -> Result<Option<After>> {
        let mut sql = Sql::default();
        let (select, from, seq, order) = match source {
            Source::Keywords => {
                let p = sql.bind(Bind::Text(fts_query(q.words)));
                sql.conditions.push(format!("services_fts MATCH {p}"));
                ("rowid AS seq", "services_fts", "rowid", "rowid DESC")
            }
            Source::Listings => {
                sql.conditions.push("s.status = 'ACTIVE'".into());
                if let Some(c) = q.search.category {
                    let p = sql.bind(Bind::Text(c.as_str().into()));
                    sql.conditions.push(format!("s.category = {p}"));
                }
                ("s.seq", "services s", "s.seq", "s.seq DESC")
            }
            Source::Prices => {
                sql.conditions.push("s.status = 'ACTIVE'".into());
                let currency = q.search.currency.map(|c| c.code().to_string());
                let p = sql.bind(Bind::Text(currency.unwrap_or_default()));
                sql.conditions.push(format!("s.price_currency = {p}"));
                if let Some(lo) = q.search.min_price {
                    let p = sql.bind(Bind::Int(lo));
                    sql.conditions.push(format!("s.price_amount >= {p}"));
                }
                if let Some(hi) = q.search.max_price {
                    let p = sql.bind(Bind::Int(hi));
                    sql.conditions.push(format!("s.price_amount <= {p}"));
                }
                let order = if q.order == SortOrder::PriceAsc {
                    "s.price_amount ASC, s.seq ASC"
                } else {
                    "s.price_amount DESC, s.seq DESC"
                };
                ("s.price_amount, s.seq", "services s", "s.seq", order)
            }
        };
        if let Some(start) = &start {
            let c = sql.beyond(q.order == SortOrder::PriceAsc, start, seq, false);
            sql.conditions.push(c);
        }
        let text = format!(
            "SELECT {select} FROM {from} WHERE {} ORDER BY {order} LIMIT 1 OFFSET {}",
            sql.conditions.join(" AND "),
            size - 1
        );
        debug_assert_eq!(self.db.backend(), Backend::Sqlite);
        let Some(row) = sql.query(text).fetch_optional(self.db.reader()).await? else {
            return Ok(None);
        };
        Ok(Some(After {
            seq: row.try_get("seq")?,
            price: match source {
                Source::Prices => Some(row.try_get("price_amount")?),
                Source::Keywords | Source::Listings => None,
            },
            score: None,
        }))
    }
}
