//! Finding active listings: keywords over title, description and tags (case-insensitive,
//! stemmed), filters (category, price range in one currency, location, remote, seller),
//! newest first, best match or by price, in cursor pages (no OFFSET).
//!
//! The cost of a request never grows with the number of matches (the strategy of job
//! search, `crates/jobs/src/search.rs`, carried over to price orders):
//! - newest first with keywords walks SQLite's FTS5 doclists backwards by rowid (= `seq`)
//!   and stops when the page is full; PostgreSQL walks the partial `(seq)` index of active
//!   listings with the GIN tsvector as a filter, or reads the few GIN matches of a rare word;
//! - by price, the partial `(price_currency, price_amount, seq)` index of active listings
//!   is walked in order; on SQLite a keyword is then checked per listing by rowid in the
//!   FTS index — unless the keyword has fewer than [`SORT_LIMIT`] matches in all, which are
//!   simply read and sorted;
//! - best match ranks (bm25 / ts_rank) only the newest [`RANK_LIMIT`] keyword matches;
//! - on SQLite every walk reads its index in windows and answers a short page with a cursor
//!   after [`walk::MAX_SCANNED`] listings, so a filter almost nothing passes costs a bounded
//!   amount per request.
//!
//! See docs/services.md for the plans.

mod fetch;
mod walk;

use openlance_core::id::UserId;
use openlance_core::{Currency, Cursor, DomainError, Page, Result};
use openlance_storage::Backend;
use serde::{Deserialize, Serialize};

use crate::{Catalog, Category, Listing};

/// Most keyword matches best match ranks: the newest ones.
pub(crate) const RANK_LIMIT: i64 = 1_000;
/// A keyword with fewer matches than this is sorted by price directly (SQLite).
pub(crate) const SORT_LIMIT: i64 = 1_000;
/// Most words a query may hold; more are ignored.
const MAX_WORDS: usize = 16;

/// The order of search results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Newest listed first (the default).
    #[default]
    Newest,
    /// Best keyword match first, among the newest 1,000 matches (newest first without
    /// keywords).
    BestMatch,
    /// Cheapest first (needs `currency`); ties oldest first.
    PriceAsc,
    /// Dearest first (needs `currency`); ties newest first.
    PriceDesc,
}

impl SortOrder {
    fn by_price(self) -> bool {
        matches!(self, Self::PriceAsc | Self::PriceDesc)
    }
}

/// A search over active listings.
#[derive(Clone, Debug, Default)]
pub struct ServiceSearch {
    /// Words that must all occur (stemmed) in the title, description or tags.
    pub keywords: Option<String>,
    pub category: Option<Category>,
    /// Only listings priced in this currency; required with a price bound or price order
    /// (prices compare within one currency).
    pub currency: Option<Currency>,
    /// Price bounds in minor units, inclusive.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    /// Text the listing's location contains (case-insensitive).
    pub location: Option<String>,
    /// Only remote (`true`) or only in-person-only (`false`) listings.
    pub remote: Option<bool>,
    pub seller: Option<UserId>,
    pub order: SortOrder,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1..=100.
    pub limit: usize,
}

/// A place in the page order: below or beyond this listing (its `seq`, and its price or
/// score for those orders). Also the cursor's content.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub(crate) struct After {
    pub seq: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// Rows found in page order; `scanned_to` is set when a bounded walk stopped before the
/// page was full (the next page starts beyond it).
pub(crate) struct Walked {
    pub rows: Vec<(Listing, f64)>,
    pub scanned_to: Option<After>,
}

/// The query's words: letters and digits only, lower case (nothing else reaches MATCH).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect()
}

fn check(search: &ServiceSearch) -> Result<()> {
    if search.limit == 0 || search.limit > 100 {
        return Err(DomainError::invalid("limit", "must be between 1 and 100"));
    }
    let priced = search.min_price.is_some() || search.max_price.is_some();
    if (priced || search.order.by_price()) && search.currency.is_none() {
        return Err(DomainError::invalid(
            "currency",
            "is required with minPrice, maxPrice and the price orders: prices compare within one currency",
        ));
    }
    if let (Some(lo), Some(hi)) = (search.min_price, search.max_price)
        && lo > hi
    {
        return Err(DomainError::invalid("minPrice", "must not exceed maxPrice"));
    }
    Ok(())
}

/// The cursor of `search`, if it is one this server issued for this order.
fn decode_cursor(search: &ServiceSearch, order: SortOrder) -> Result<Option<After>> {
    let Some(text) = search.cursor.as_deref() else {
        return Ok(None);
    };
    let mut after: After = Cursor::decode(text)?;
    let fits = match order {
        SortOrder::Newest => true,
        SortOrder::BestMatch => after.score.is_some(),
        SortOrder::PriceAsc | SortOrder::PriceDesc => after.price.is_some(),
    };
    if !fits {
        return Err(DomainError::invalid(
            "cursor",
            "the cursor is not one this server issued for this sort order",
        ));
    }
    // Keep only what this order compares.
    if !order.by_price() {
        after.price = None;
    }
    if order != SortOrder::BestMatch {
        after.score = None;
    }
    Ok(Some(after))
}

impl Catalog {
    /// One page of active listings matching `search`.
    pub async fn search(&self, search: &ServiceSearch) -> Result<Page<Listing>> {
        check(search)?;
        let words = search.keywords.as_deref().map(words).unwrap_or_default();
        let order = match search.order {
            SortOrder::BestMatch if words.is_empty() => SortOrder::Newest,
            other => other,
        };
        let start = decode_cursor(search, order)?;
        let q = fetch::Query {
            search,
            words: &words,
            order,
        };
        let found = match (self.db.backend(), order) {
            (_, SortOrder::BestMatch) => {
                let floor = self.nth_match(&words, RANK_LIMIT).await?;
                self.fetch_page(&q, fetch::Drive::Keywords, start, floor)
                    .await?
            }
            (Backend::Postgres, _) => {
                self.fetch_page(&q, fetch::Drive::Keywords, start, None)
                    .await?
            }
            (Backend::Sqlite, SortOrder::Newest) if !words.is_empty() => {
                self.walk(&q, walk::Source::Keywords, start).await?
            }
            (Backend::Sqlite, SortOrder::Newest) => {
                self.walk(&q, walk::Source::Listings, start).await?
            }
            (Backend::Sqlite, _) => {
                let few = !words.is_empty() && self.nth_match(&words, SORT_LIMIT).await?.is_none();
                if few {
                    self.fetch_page(&q, fetch::Drive::Keywords, start, None)
                        .await?
                } else {
                    self.walk(&q, walk::Source::Prices, start).await?
                }
            }
        };
        let key = |listing: &Listing, score: f64| After {
            seq: listing.seq,
            price: order.by_price().then_some(listing.price.amount),
            score: (order == SortOrder::BestMatch).then_some(score),
        };
        if let Some(boundary) = found.scanned_to {
            // The walk stopped at its bound before the page was full: a short page whose
            // cursor continues beyond the last listing read.
            return Ok(Page {
                items: found.rows.into_iter().map(|(l, _)| l).collect(),
                next_cursor: Some(Cursor::encode(&boundary).into_string()),
            });
        }
        let page = Page::from_rows(found.rows, search.limit, |(l, score)| key(l, *score));
        Ok(page.map(|(listing, _)| listing))
    }

    async fn fetch_page(
        &self,
        q: &fetch::Query<'_>,
        drive: fetch::Drive,
        start: Option<After>,
        floor: Option<i64>,
    ) -> Result<Walked> {
        let window = fetch::Window {
            start,
            end: None,
            floor,
        };
        Ok(Walked {
            rows: self.fetch(q, drive, &window, q.search.limit + 1).await?,
            scanned_to: None,
        })
    }
}
