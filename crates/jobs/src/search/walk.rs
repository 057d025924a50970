//! The bounded newest-first walk of SQLite's full-text index.
//!
//! FTS5 hands out a keyword's matches in rowid (= job `seq`) order without sorting. The walk
//! reads them in windows below the cursor: the window's floor is the rowid of its N-th match
//! (`ORDER BY rowid DESC LIMIT 1 OFFSET N-1`, a walk of the doclist, no row read), then one
//! query joins the window's matches to `jobs` for the status and the filters. Windows double
//! (64, 128, … matches) until the page is full, the matches run out, or [`MAX_SCANNED`]
//! matches were read: then the page is returned short, with a cursor below the last match
//! read, so a rare filter over a common keyword costs a bounded amount per request.

use openlance_core::Result;
use sqlx::{AssertSqlSafe, Row};

use openlance_storage::Backend;

use super::{BEST_CANDIDATES, JobSearch, Walked, Window, fts_query};
use crate::Jobs;

/// The first window's size, in matches; each next window doubles it.
const FIRST_WINDOW: i64 = 64;
/// Most matches one request reads before answering a short page.
pub(crate) const MAX_SCANNED: i64 = 8_192;

impl Jobs {
    pub(super) async fn walk(
        &self,
        search: &JobSearch,
        words: &[String],
        mut upper: Option<i64>,
    ) -> Result<Walked> {
        let want = search.limit + 1;
        let mut rows = Vec::new();
        let mut size = FIRST_WINDOW;
        let mut scanned = 0;
        while scanned < MAX_SCANNED {
            let floor = self.window_floor(words, upper, size).await?;
            let window = Window {
                upper,
                floor,
                ..Window::default()
            };
            let got = self
                .fetch(search, words, false, &window, want - rows.len())
                .await?;
            rows.extend(got);
            match floor {
                Some(floor) if rows.len() < want => upper = Some(floor),
                // The page is full, or the matches ran out.
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
            scanned_to: upper,
        })
    }

    /// The rowid of the `size`-th match below `upper`; `None` when fewer remain.
    async fn window_floor(
        &self,
        words: &[String],
        upper: Option<i64>,
        size: i64,
    ) -> Result<Option<i64>> {
        let bound = if upper.is_some() {
            "AND rowid < $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT rowid AS seq FROM jobs_fts WHERE jobs_fts MATCH $1 {bound} \
             ORDER BY rowid DESC LIMIT 1 OFFSET {}",
            size - 1
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(fts_query(words));
        if let Some(upper) = upper {
            query = query.bind(upper);
        }
        let row = query.fetch_optional(self.db.reader()).await?;
        Ok(match row {
            Some(row) => Some(row.try_get("seq")?),
            None => None,
        })
    }
}

impl Jobs {
    /// Best match's candidates, the [`BEST_CANDIDATES`] newest jobs matching `words`: the
    /// lowest one's `seq` (`None` when fewer match, and every match is ranked) and, on
    /// PostgreSQL, all their `seq`s, which the ranking query reads by key. On SQLite the
    /// floor counts any job in the index, and FTS5 ranks the matches above it itself.
    pub(super) async fn candidates(
        &self,
        words: &[String],
    ) -> Result<(Option<i64>, Option<String>)> {
        match self.db.backend() {
            Backend::Sqlite => Ok((self.window_floor(words, None, BEST_CANDIDATES).await?, None)),
            Backend::Postgres => {
                let seqs = self.pg_candidates(words).await?;
                let floor = if seqs.len() as i64 == BEST_CANDIDATES {
                    seqs.last().copied()
                } else {
                    None
                };
                let among = seqs
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                Ok((floor, Some(among)))
            }
        }
    }
}
