//! Finding open jobs: keywords over title, description and skills (case-insensitive,
//! stemmed), filters, newest first or best match, cursor pages (no OFFSET).
//!
//! Newest first never sorts the matches. On SQLite the FTS5 rowid *is* the job's `seq`
//! (newer = larger), so `WHERE jobs_fts MATCH ? AND rowid < ?cursor ORDER BY rowid DESC
//! LIMIT ?` walks the index's doclists backwards and stops once the page is full; the
//! other filters are checked on the joined `jobs` row as the walk goes. On PostgreSQL
//! the walk is bounded the same way, in `seq` windows (`search/postgres.rs`): the partial
//! `(seq) WHERE status = 'OPEN'` index walked backwards over the newest few thousand jobs,
//! checking `search @@ query` per row, then the GIN index's matches below them, sorted. The
//! planner cannot be left to choose: a word its statistics sample missed is estimated at
//! thousands of matches, and an unbounded walk for it read all million jobs. Newest first
//! computes no score at all: bm25 needs the keyword's document count, a walk of its whole
//! doclist.
//!
//! Best match ranks (bm25 / ts_rank) the [`BEST_CANDIDATES`] newest matching jobs, not every
//! match: ranking all 30,000 matches of a common word among a million jobs costs a quarter of
//! a second. The first page fixes the candidates' floor and the cursor carries it, so later
//! pages rank the same candidates. On PostgreSQL the candidates are found by the same
//! bounded walk and ranked by their `seq`s. See docs/jobs.md for the plans.

use openlance_core::{Cursor, DomainError, Page, Result};
use openlance_storage::Backend;
use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;

use crate::job::{COLUMNS, Job, from_row};
use crate::{Experience, JobDuration, Jobs};

/// The order of search results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SearchOrder {
    /// Newest posted first (the default).
    #[default]
    Newest,
    /// Best keyword match first (newest first without keywords).
    Best,
}

/// A search over open jobs.
#[derive(Clone, Debug, Default)]
pub struct JobSearch {
    /// Words that must all occur (stemmed) in the title, description or skills.
    pub keywords: Option<String>,
    /// Skills the job must all list (case-insensitive).
    pub skills: Vec<String>,
    pub experience: Option<Experience>,
    /// Budget bounds in minor units, inclusive.
    pub min_budget: Option<i64>,
    pub max_budget: Option<i64>,
    pub duration: Option<JobDuration>,
    pub order: SearchOrder,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1..=100.
    pub limit: usize,
}

/// Where the next page starts: below this job (and, for best match, this score, among the
/// candidates at or above `floor`).
#[derive(Serialize, Deserialize)]
struct After {
    seq: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    floor: Option<i64>,
}

/// How many of the newest matching jobs best match ranks.
pub const BEST_CANDIDATES: i64 = 200;

mod postgres;
mod walk;

/// The bounds of one query: `seq < upper`, `seq >= floor`, and for best match the score
/// of the previous page's last job.
#[derive(Default)]
struct Window {
    upper: Option<i64>,
    floor: Option<i64>,
    score: Option<f64>,
    /// PostgreSQL: only these jobs (best match's candidates), as `seq`s joined by commas.
    among: Option<String>,
    /// PostgreSQL: bound and order by `seq + 0`, which no b-tree serves, so the planner
    /// finds the matches with the GIN index and sorts them instead of walking `seq`.
    by_words: bool,
}

/// Rows found in page order; `scanned_to` is set when a bounded walk stopped before the
/// page was full (the next page starts below it).
struct Walked {
    rows: Vec<(Job, f64)>,
    scanned_to: Option<i64>,
}

/// The FTS5 query of `words`: each quoted (letters and digits only), all required.
fn fts_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

enum Bind {
    Text(String),
    Int(i64),
    Float(f64),
}

/// The score of an order that does not rank.
const ZERO: &str = "CAST(0 AS DOUBLE PRECISION)";

/// Most words a query may hold; more are ignored.
const MAX_WORDS: usize = 16;

/// The query's words: letters and digits only, lower case (nothing else reaches MATCH).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect()
}

impl Jobs {
    /// One page of open jobs matching `search`.
    pub async fn search(&self, search: &JobSearch) -> Result<Page<Job>> {
        if search.limit == 0 || search.limit > 100 {
            return Err(DomainError::invalid("limit", "must be between 1 and 100"));
        }
        if let (Some(lo), Some(hi)) = (search.min_budget, search.max_budget)
            && lo > hi
        {
            return Err(DomainError::invalid(
                "minBudget",
                "must not exceed maxBudget",
            ));
        }
        let after: Option<After> = search.cursor.as_deref().map(Cursor::decode).transpose()?;
        let words = search.keywords.as_deref().map(words).unwrap_or_default();
        let backend = self.db.backend();
        let best = search.order == SearchOrder::Best && !words.is_empty();
        if best && after.as_ref().is_some_and(|a| a.score.is_none()) {
            return Err(DomainError::invalid(
                "cursor",
                "the cursor is not one this server issued",
            ));
        }
        let walk = !words.is_empty() && !best;
        // The cursor's floor keeps a search's pages on the same candidates, but a cursor is
        // the client's text: never below today's floor, so no cursor can make a request rank
        // every match.
        let (floor, among) = if best {
            let (now, among) = self.candidates(&words).await?;
            let floor = match (after.as_ref().and_then(|a| a.floor), now) {
                (Some(kept), Some(now)) => Some(kept.max(now)),
                (_, now) => now,
            };
            (floor, among)
        } else {
            (None, None)
        };
        let found = if walk && backend == Backend::Sqlite {
            self.walk(search, &words, after.map(|a| a.seq)).await?
        } else if walk {
            Walked {
                rows: self.pg_walk(search, &words, after.map(|a| a.seq)).await?,
                scanned_to: None,
            }
        } else {
            let window = Window {
                upper: after.as_ref().map(|a| a.seq),
                floor,
                score: after.and_then(|a| a.score),
                among,
                by_words: false,
            };
            Walked {
                rows: self
                    .fetch(search, &words, best, &window, search.limit + 1)
                    .await?,
                scanned_to: None,
            }
        };
        if let Some(boundary) = found.scanned_to {
            // The walk stopped at its bound before the page was full: a short page whose
            // cursor continues below the last candidate read.
            let items = found.rows.into_iter().map(|(job, _)| job).collect();
            let next_cursor = Some(
                Cursor::encode(&After {
                    seq: boundary,
                    score: None,
                    floor: None,
                })
                .into_string(),
            );
            return Ok(Page { items, next_cursor });
        }
        let page = Page::from_rows(found.rows, search.limit, |(job, score)| After {
            seq: job.seq,
            score: best.then_some(*score),
            floor,
        });
        Ok(page.map(|(job, _)| job))
    }
    /// One query: open jobs matching `search` inside `window`, in page order, at most `limit`.
    async fn fetch(
        &self,
        search: &JobSearch,
        words: &[String],
        best: bool,
        window: &Window,
        limit: usize,
    ) -> Result<Vec<(Job, f64)>> {
        let backend = self.db.backend();
        let mut binds: Vec<Bind> = Vec::new();
        let next = |b: Bind, binds: &mut Vec<Bind>| {
            binds.push(b);
            format!("${}", binds.len())
        };
        let mut conditions = vec!["j.status = 'OPEN'".to_string()];
        let (from, seq, score) = if words.is_empty() {
            ("jobs j".to_string(), "j.seq".to_string(), ZERO.to_string())
        } else {
            match backend {
                Backend::Sqlite => {
                    let p = next(Bind::Text(fts_query(words)), &mut binds);
                    conditions.push(format!("jobs_fts MATCH {p}"));
                    (
                        "jobs_fts JOIN jobs j ON j.seq = jobs_fts.rowid".to_string(),
                        "jobs_fts.rowid".to_string(),
                        if best {
                            "(-jobs_fts.rank)".to_string()
                        } else {
                            ZERO.to_string()
                        },
                    )
                }
                Backend::Postgres => {
                    let p = next(Bind::Text(words.join(" ")), &mut binds);
                    conditions.push(format!("j.search @@ plainto_tsquery('english', {p})"));
                    (
                        "jobs j".to_string(),
                        "j.seq".to_string(),
                        if best {
                            format!("ts_rank(j.search, plainto_tsquery('english', {p}))::float8")
                        } else {
                            ZERO.to_string()
                        },
                    )
                }
            }
        };
        let contains = match backend {
            Backend::Sqlite => "instr",
            Backend::Postgres => "strpos",
        };
        for skill in &search.skills {
            let s = skill.trim().to_lowercase();
            if s.is_empty() {
                continue;
            }
            let p = next(Bind::Text(format!("|{s}|")), &mut binds);
            conditions.push(format!("{contains}(j.skills_key, {p}) > 0"));
        }
        if let Some(e) = search.experience {
            let p = next(Bind::Text(e.as_str().into()), &mut binds);
            conditions.push(format!("j.experience = {p}"));
        }
        if let Some(d) = search.duration {
            let p = next(Bind::Text(d.as_str().into()), &mut binds);
            conditions.push(format!("j.duration = {p}"));
        }
        if let Some(lo) = search.min_budget {
            let p = next(Bind::Int(lo), &mut binds);
            conditions.push(format!("j.budget_amount >= {p}"));
        }
        if let Some(hi) = search.max_budget {
            let p = next(Bind::Int(hi), &mut binds);
            conditions.push(format!("j.budget_amount <= {p}"));
        }
        if let Some(among) = &window.among {
            let p = next(Bind::Text(among.clone()), &mut binds);
            conditions.push(format!("j.seq = ANY(string_to_array({p}, ',')::bigint[])"));
        }
        let seq = if window.by_words {
            format!("({seq} + 0)")
        } else {
            seq
        };
        let order = if best {
            if let (Some(upper), Some(score_after)) = (window.upper, window.score) {
                let s = next(Bind::Float(score_after), &mut binds);
                let q = next(Bind::Int(upper), &mut binds);
                conditions.push(format!(
                    "({score} < {s} OR ({score} = {s} AND {seq} < {q}))"
                ));
            }
            if let Some(floor) = window.floor {
                let q = next(Bind::Int(floor), &mut binds);
                conditions.push(format!("{seq} >= {q}"));
            }
            format!("{score} DESC, {seq} DESC")
        } else {
            if let Some(upper) = window.upper {
                let q = next(Bind::Int(upper), &mut binds);
                conditions.push(format!("{seq} < {q}"));
            }
            if let Some(floor) = window.floor {
                let q = next(Bind::Int(floor), &mut binds);
                conditions.push(format!("{seq} >= {q}"));
            }
            format!("{seq} DESC")
        };
        let sql = format!(
            "SELECT {COLUMNS}, {score} AS score FROM {from} WHERE {} ORDER BY {order} LIMIT {}",
            conditions.join(" AND "),
            limit
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                Bind::Text(t) => query.bind(t),
                Bind::Int(i) => query.bind(i),
                Bind::Float(f) => query.bind(f),
            };
        }
        let rows = query.fetch_all(self.db.reader()).await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let score: f64 = openlance_storage::Row::try_get(row, "score")?;
            found.push((from_row(row)?, score));
        }
        Ok(found)
    }
}
