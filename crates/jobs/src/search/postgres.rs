//! The bounded newest-first walk on PostgreSQL.
//!
//! Left to itself, the planner picks between walking the partial `(seq) WHERE status =
//! 'OPEN'` index backwards, checking `search @@ query` per row, and fetching every GIN match
//! and sorting them, on its estimate of how many jobs match. A word its statistics sample
//! missed is estimated at thousands of matches; when it has none, the walk reads every open
//! job (0.5–3.6 s at a million jobs). So the walk goes in `seq` windows the planner cannot
//! stretch: the newest [`FIRST_WINDOW`] jobs first, then, from how many matched there,
//! whichever costs less of another window sized to fill the page or the GIN index's
//! matches below the windows read, sorted (`seq + 0`, which no b-tree serves).

use openlance_core::Result;
use sqlx::Row;

use super::{BEST_CANDIDATES, JobSearch, Window};
use crate::Jobs;
use crate::job::Job;

/// Jobs the first window walks (about 3 ms when none match).
const FIRST_WINDOW: i64 = 4_096;
/// What fetching one match through the GIN index costs, in rows of a walk: measured at a
/// million jobs, a walk checks a row in ~0.7 µs, a bitmap scan fetches a match in ~4 µs.
const GIN_MATCH_COST: i64 = 6;

/// What to read after a window.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// Enough was found, or no job is left below.
    Done,
    /// Walk the next window of this many jobs.
    Window(i64),
    /// Fetch the GIN index's matches below, sorted.
    ByWords,
}

/// After walking `walked` jobs and finding `found` of the `need` matches, with jobs below
/// `seq` `below` left: the cheaper way on, by the density seen so far.
fn next_step(need: i64, found: i64, walked: i64, below: i64) -> Next {
    if found >= need || below <= 1 {
        return Next::Done;
    }
    if found == 0 {
        return Next::ByWords;
    }
    let remaining = need - found;
    let walk = remaining.saturating_mul(walked) / found;
    let by_words = GIN_MATCH_COST.saturating_mul(found).saturating_mul(below) / walked;
    if walk < by_words {
        // Half as much again, as matches are not spread evenly; the LIMIT stops it early.
        Next::Window(walk.saturating_add(walk / 2).max(FIRST_WINDOW).min(below))
    } else {
        Next::ByWords
    }
}

impl Jobs {
    /// A newest-first page of open jobs matching `words` and the filters, below `upper`.
    pub(super) async fn pg_walk(
        &self,
        search: &JobSearch,
        words: &[String],
        upper: Option<i64>,
    ) -> Result<Vec<(Job, f64)>> {
        let want = search.limit + 1;
        let mut hi = match upper {
            Some(upper) => upper,
            None => self.next_seq().await?,
        };
        let mut rows = Vec::new();
        let (mut walked, mut size) = (0, FIRST_WINDOW);
        loop {
            let lo = hi - size;
            let window = Window {
                upper: Some(hi),
                floor: Some(lo),
                ..Window::default()
            };
            rows.extend(
                self.fetch(search, words, false, &window, want - rows.len())
                    .await?,
            );
            (walked, hi) = (walked + size, lo);
            match next_step(want as i64, rows.len() as i64, walked, hi) {
                Next::Done => return Ok(rows),
                Next::Window(next) => size = next,
                Next::ByWords => break,
            }
        }
        let rest = Window {
            upper: Some(hi),
            by_words: true,
            ..Window::default()
        };
        rows.extend(
            self.fetch(search, words, false, &rest, want - rows.len())
                .await?,
        );
        Ok(rows)
    }

    /// The `seq`s of the [`BEST_CANDIDATES`] newest open jobs matching `words`, newest first.
    pub(super) async fn pg_candidates(&self, words: &[String]) -> Result<Vec<i64>> {
        let query = words.join(" ");
        let mut hi = self.next_seq().await?;
        let mut seqs = Vec::new();
        let (mut walked, mut size) = (0, FIRST_WINDOW);
        loop {
            let lo = hi - size;
            let left = BEST_CANDIDATES - seqs.len() as i64;
            seqs.extend(self.pg_matches(&query, Some(lo), hi, left).await?);
            (walked, hi) = (walked + size, lo);
            match next_step(BEST_CANDIDATES, seqs.len() as i64, walked, hi) {
                Next::Done => return Ok(seqs),
                Next::Window(next) => size = next,
                Next::ByWords => break,
            }
        }
        let left = BEST_CANDIDATES - seqs.len() as i64;
        seqs.extend(self.pg_matches(&query, None, hi, left).await?);
        Ok(seqs)
    }

    /// The `seq`s of open jobs matching `query` in `[lo, hi)` walking `seq`, or below `hi`
    /// through the GIN index when `lo` is `None`; newest first, at most `limit`.
    async fn pg_matches(
        &self,
        query: &str,
        lo: Option<i64>,
        hi: i64,
        limit: i64,
    ) -> Result<Vec<i64>> {
        let rows = match lo {
            Some(lo) => {
                sqlx::query(
                    "SELECT seq FROM jobs WHERE status = 'OPEN' \
                     AND search @@ plainto_tsquery('english', $1) AND seq < $2 AND seq >= $3 \
                     ORDER BY seq DESC LIMIT $4",
                )
                .bind(query)
                .bind(hi)
                .bind(lo)
                .bind(limit)
                .fetch_all(self.db.reader())
                .await?
            }
            None => {
                sqlx::query(
                    "SELECT seq FROM jobs WHERE status = 'OPEN' \
                     AND search @@ plainto_tsquery('english', $1) AND seq + 0 < $2 \
                     ORDER BY seq + 0 DESC LIMIT $3",
                )
                .bind(query)
                .bind(hi)
                .bind(limit)
                .fetch_all(self.db.reader())
                .await?
            }
        };
        rows.iter()
            .map(|row| Ok(row.try_get::<i64, _>("seq")?))
            .collect()
    }

    /// One above the newest job's `seq`: where the first window ends.
    async fn next_seq(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM jobs")
            .fetch_one(self.db.reader())
            .await?;
        Ok(row.try_get("next")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_or_no_job_left_ends_the_walk() {
        assert_eq!(next_step(21, 21, 4_096, 900_000), Next::Done);
        assert_eq!(next_step(21, 3, 4_096, 1), Next::Done);
    }

    #[test]
    fn a_window_without_matches_hands_over_to_the_words_index() {
        assert_eq!(next_step(21, 0, 4_096, 900_000), Next::ByWords);
    }

    #[test]
    fn a_sparse_word_walks_on_in_a_window_sized_to_fill_the_page() {
        // 33 of 4,096 matched (0.8%): 167 more take ~20,700 jobs of walk, against ~7,300
        // matches below at six rows each.
        assert_eq!(
            next_step(200, 33, 4_096, 995_000),
            Next::Window(20_728 + 10_364)
        );
    }

    #[test]
    fn a_rare_word_is_cheaper_through_the_words_index() {
        // 2 of 4,096 (0.05%): 198 more would take ~400,000 jobs of walk, against ~500 matches.
        assert_eq!(next_step(200, 2, 4_096, 995_000), Next::ByWords);
    }

    #[test]
    fn a_window_never_reaches_below_the_first_job() {
        // 10 more take ~215 jobs of walk: a first-size window, cut at the first job.
        assert_eq!(next_step(200, 190, 4_096, 2_000), Next::Window(2_000));
    }
}
