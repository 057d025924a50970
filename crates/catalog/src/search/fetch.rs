//! The one query behind every search page: active listings matching the search inside a
//! window of the page order, in that order, at most `limit`.

use openlance_core::Result;
use openlance_storage::{Backend, Row};
use sqlx::AssertSqlSafe;

use super::{After, ServiceSearch, SortOrder};
use crate::Catalog;
use crate::listing::{COLUMNS, Listing, from_row};

/// A search with its words and its effective order.
pub(crate) struct Query<'a> {
    pub search: &'a ServiceSearch,
    pub words: &'a [String],
    pub order: SortOrder,
}

/// How keywords are matched on SQLite: by joining the FTS index, which then drives the
/// query (its rowid order is newest first), or by probing it per listing while an index
/// of `services` drives (the price walk). PostgreSQL's planner chooses for itself.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Drive {
    Keywords,
    Probe,
}

/// The bounds of one query in page order: strictly beyond `start`, up to and including
/// `end`; for best match, `seq >= floor`.
pub(crate) struct Window {
    pub start: Option<After>,
    pub end: Option<After>,
    pub floor: Option<i64>,
}

pub(crate) enum Bind {
    Text(String),
    Int(i64),
    Float(f64),
}

/// Conditions and their bound values, numbered `$1…` in order.
#[derive(Default)]
pub(crate) struct Sql {
    pub conditions: Vec<String>,
    pub binds: Vec<Bind>,
}

impl Sql {
    pub fn bind(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    pub fn query(
        self,
        sql: String,
    ) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments> {
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for b in self.binds {
            query = match b {
                Bind::Text(t) => query.bind(t),
                Bind::Int(i) => query.bind(i),
                Bind::Float(f) => query.bind(f),
            };
        }
        query
    }

    /// Listings strictly beyond `key` going up (`ascending`) or down the order — or at it,
    /// with `or_at`. A key with a price orders by `(price_amount, seq)`, else by `seq`.
    pub fn beyond(&mut self, ascending: bool, key: &After, seq: &str, or_at: bool) -> String {
        let q = self.bind(Bind::Int(key.seq));
        let cmp = if ascending { ">" } else { "<" };
        let last = if or_at {
            format!("{cmp}=")
        } else {
            cmp.to_string()
        };
        match key.price {
            Some(price) => {
                let a = self.bind(Bind::Int(price));
                format!(
                    "s.price_amount {cmp}= {a} AND (s.price_amount {cmp} {a} OR {seq} {last} {q})"
                )
            }
            None => format!("{seq} {last} {q}"),
        }
    }
}

/// The FTS5 query of `words`: each quoted (letters and digits only), all required.
pub(crate) fn fts_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The filters every query of a search applies to `s` (the listing), beside keywords.
pub(crate) fn filters(sql: &mut Sql, search: &ServiceSearch, backend: Backend) {
    sql.conditions.push("s.status = 'ACTIVE'".into());
    if let Some(c) = search.category {
        let p = sql.bind(Bind::Text(c.as_str().into()));
        sql.conditions.push(format!("s.category = {p}"));
    }
    if let Some(c) = search.currency {
        let p = sql.bind(Bind::Text(c.code().into()));
        sql.conditions.push(format!("s.price_currency = {p}"));
    }
    if let Some(lo) = search.min_price {
        let p = sql.bind(Bind::Int(lo));
        sql.conditions.push(format!("s.price_amount >= {p}"));
    }
    if let Some(hi) = search.max_price {
        let p = sql.bind(Bind::Int(hi));
        sql.conditions.push(format!("s.price_amount <= {p}"));
    }
    if let Some(place) = search
        .location
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let p = sql.bind(Bind::Text(place.to_lowercase()));
        let contains = match backend {
            Backend::Sqlite => "instr",
            Backend::Postgres => "strpos",
        };
        sql.conditions
            .push(format!("{contains}(s.location_key, {p}) > 0"));
    }
    if let Some(remote) = search.remote {
        sql.conditions
            .push(format!("s.remote = {}", i64::from(remote)));
    }
    if let Some(seller) = search.seller {
        let p = sql.bind(Bind::Text(seller.to_string()));
        sql.conditions.push(format!("s.seller_id = {p}"));
    }
}

impl Catalog {
    /// One query: listings matching `q` inside `window`, in page order, at most `limit`.
    pub(crate) async fn fetch(
        &self,
        q: &Query<'_>,
        drive: Drive,
        window: &Window,
        limit: usize,
    ) -> Result<Vec<(Listing, f64)>> {
        let backend = self.db.backend();
        let mut sql = Sql::default();
        let zero = "CAST(0 AS DOUBLE PRECISION)".to_string();
        let (from, seq, score) = match (backend, q.words.is_empty(), drive) {
            (_, true, _) => ("services s".to_string(), "s.seq".to_string(), zero),
            (Backend::Sqlite, false, Drive::Keywords) => {
                let p = sql.bind(Bind::Text(fts_query(q.words)));
                sql.conditions.push(format!("services_fts MATCH {p}"));
                (
                    "services_fts JOIN services s ON s.seq = services_fts.rowid".to_string(),
                    "services_fts.rowid".to_string(),
                    // bm25 needs each word's document count, a walk of its whole doclist:
                    // only best match pays for it.
                    if q.order == SortOrder::BestMatch {
                        "(-services_fts.rank)".to_string()
                    } else {
                        zero
                    },
                )
            }
            (Backend::Sqlite, false, Drive::Probe) => {
                let p = sql.bind(Bind::Text(fts_query(q.words)));
                sql.conditions.push(format!(
                    "EXISTS (SELECT 1 FROM services_fts WHERE services_fts MATCH {p} \
                     AND services_fts.rowid = s.seq)"
                ));
                ("services s".to_string(), "s.seq".to_string(), zero)
            }
            (Backend::Postgres, false, _) => {
                let p = sql.bind(Bind::Text(q.words.join(" ")));
                sql.conditions
                    .push(format!("s.search @@ plainto_tsquery('english', {p})"));
                (
                    "services s".to_string(),
                    "s.seq".to_string(),
                    if q.order == SortOrder::BestMatch {
                        format!("ts_rank(s.search, plainto_tsquery('english', {p}))::float8")
                    } else {
                        zero
                    },
                )
            }
        };
        filters(&mut sql, q.search, backend);
        if let Some(floor) = window.floor {
            let p = sql.bind(Bind::Int(floor));
            sql.conditions.push(format!("{seq} >= {p}"));
        }
        let order = match q.order {
            SortOrder::BestMatch => {
                if let Some(after) = window.start.filter(|a| a.score.is_some()) {
                    let s = sql.bind(Bind::Float(after.score.unwrap_or_default()));
                    let k = sql.bind(Bind::Int(after.seq));
                    sql.conditions.push(format!(
                        "({score} < {s} OR ({score} = {s} AND {seq} < {k}))"
                    ));
                }
                format!("{score} DESC, {seq} DESC")
            }
            order => {
                let up = order == SortOrder::PriceAsc;
                if let Some(start) = &window.start {
                    let c = sql.beyond(up, start, &seq, false);
                    sql.conditions.push(c);
                }
                if let Some(end) = &window.end {
                    // Not beyond the end: at it or beyond it going the other way.
                    let c = sql.beyond(!up, end, &seq, true);
                    sql.conditions.push(c);
                }
                match order {
                    SortOrder::PriceAsc => format!("s.price_amount ASC, {seq} ASC"),
                    SortOrder::PriceDesc => format!("s.price_amount DESC, {seq} DESC"),
                    _ => format!("{seq} DESC"),
                }
            }
        };
        let text = format!(
            "SELECT {COLUMNS}, {score} AS score FROM {from} WHERE {} ORDER BY {order} LIMIT {limit}",
            sql.conditions.join(" AND "),
        );
        let rows = sql.query(text).fetch_all(self.db.reader()).await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let score: f64 = row.try_get("score")?;
            found.push((from_row(row)?, score));
        }
        Ok(found)
    }

    /// The `seq` of the `n`-th newest keyword match (None when fewer match): on SQLite a
    /// walk of the FTS doclists that reads no listing (so archived and paused listings,
    /// still in the index, count too); on PostgreSQL among active listings.
    pub(crate) async fn nth_match(&self, words: &[String], n: i64) -> Result<Option<i64>> {
        let sql = match self.db.backend() {
            Backend::Sqlite => {
                "SELECT rowid AS seq FROM services_fts WHERE services_fts MATCH $1 \
                                ORDER BY rowid DESC LIMIT 1 OFFSET $2"
            }
            Backend::Postgres => {
                "SELECT s.seq FROM services s WHERE s.status = 'ACTIVE' \
                                  AND s.search @@ plainto_tsquery('english', $1) \
                                  ORDER BY s.seq DESC LIMIT 1 OFFSET $2"
            }
        };
        let text = match self.db.backend() {
            Backend::Sqlite => fts_query(words),
            Backend::Postgres => words.join(" "),
        };
        let row = sqlx::query(sql)
            .bind(text)
            .bind(n - 1)
            .fetch_optional(self.db.reader())
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("seq")?),
            None => None,
        })
    }
}
