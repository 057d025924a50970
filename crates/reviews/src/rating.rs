//! Ratings: the average stars and the count of the visible reviews buyers wrote about a
//! seller, or about the orders of one listing.
//!
//! Computed by an aggregate query, not kept in a summary table, because visibility changes
//! with the clock: a review whose window closes starts to count without any write, so a
//! summary would need a timer to publish reviews and would lag behind it, while
//! `visible_from <= now` is always exact. The query walks the partial index
//! `(subject_id | service_id, visible_from, id, rating) WHERE author_role = 'BUYER'` over
//! one seller's or one listing's entries (on SQLite a covering index: never the table), so
//! a rating costs one short range scan, and a page of listings is one grouped query.
//!
//! One listing's rating and one seller's (a listing's page, a profile, their review lists)
//! are read through the cache when the context has one ([`Reviews::with_rating_cache`]): a cached rating carries the instant it
//! stops being exact (the next hidden review's `visible_from`, at most a minute on), is
//! checked against the clock on every read, and is forgotten when a review is written.

use std::collections::HashMap;
use std::time::Duration;

use openlance_core::Result;
use openlance_core::id::UserId;
use openlance_storage::{AnyRow, Row};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::{AuthorRole, Reviews};

/// How many listings one grouped rating query asks about at most.
const BATCH: usize = 100;

/// A rating summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    /// Average stars (1 to 5, two decimals); `null` while there is no visible review.
    pub average: Option<f64>,
    /// How many visible reviews it averages.
    pub count: i64,
}

impl Rating {
    fn of(count: i64, stars: i64) -> Self {
        let average = (count > 0).then(|| (stars as f64 * 100.0 / count as f64).round() / 100.0);
        Self { average, count }
    }

    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Self::of(row.try_get("n")?, row.try_get("stars")?))
    }
}

/// The longest a cached rating is served: a review published through another instance
/// (whose in-memory cache this one does not share) shows here within this time. The
/// instance that writes a review forgets the ratings it changes at once.
const CACHED_AT_MOST: Duration = Duration::from_secs(60);

/// What a buyers' rating is about: one listing, or one seller (all their listings).
#[derive(Clone, Copy)]
enum About<'a> {
    Listing(&'a str),
    Seller(&'a str),
}

impl About<'_> {
    fn column(self) -> &'static str {
        match self {
            About::Listing(_) => "service_id",
            About::Seller(_) => "subject_id",
        }
    }

    fn id(&self) -> &str {
        match self {
            About::Listing(id) | About::Seller(id) => id,
        }
    }

    fn key(&self) -> String {
        match self {
            About::Listing(id) => format!("rating:listing:{id}"),
            About::Seller(id) => format!("rating:seller:{id}"),
        }
    }
}

/// A rating as cached: its sums, and the instant (microseconds, by the context's clock)
/// until which they are exact — the moment the next hidden review becomes visible, or
/// [`CACHED_AT_MOST`] from the read. Checked against the clock on every read, so the
/// cache's own expiry (by wall time) only frees memory.
struct CachedRating {
    count: i64,
    stars: i64,
    until: i64,
}

impl CachedRating {
    fn until(now: i64, next_visible: Option<i64>) -> i64 {
        let longest = now.saturating_add(CACHED_AT_MOST.as_micros() as i64);
        next_visible.map_or(longest, |next| next.min(longest))
    }

    fn rating(&self) -> Rating {
        Rating::of(self.count, self.stars)
    }

    fn encode(&self) -> [u8; 24] {
        let mut bytes = [0; 24];
        for (chunk, n) in bytes
            .chunks_exact_mut(8)
            .zip([self.count, self.stars, self.until])
        {
            chunk.copy_from_slice(&n.to_le_bytes());
        }
        bytes
    }

    /// The rating if `bytes` hold one still exact at `now`.
    fn decode(bytes: &[u8], now: i64) -> Option<Rating> {
        let mut numbers = bytes
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes(c.try_into().unwrap_or_default()));
        let cached = CachedRating {
            count: numbers.next()?,
            stars: numbers.next()?,
            until: numbers.next()?,
        };
        (now < cached.until).then(|| cached.rating())
    }
}

const AGGREGATE: &str =
    "CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(rating), 0) AS BIGINT) AS stars";

impl Reviews {
    /// A seller's rating: their buyers' visible reviews.
    pub async fn seller_rating(&self, seller: UserId) -> Result<Rating> {
        let seller = seller.to_string();
        Ok(self.buyer_ratings(&[About::Seller(&seller)]).await?[0])
    }

    /// A user's rating from the visible reviews the other side wrote about them: by
    /// their buyers (as a seller, [`Reviews::seller_rating`]) or by their sellers (as a
    /// buyer).
    pub async fn user_rating(&self, user: UserId, written_by: AuthorRole) -> Result<Rating> {
        if written_by == AuthorRole::Buyer {
            return self.seller_rating(user).await;
        }
        // The role is a literal in the SQL so the query matches its partial index.
        let sql = format!(
            "SELECT {AGGREGATE} FROM reviews \
             WHERE subject_id = $1 AND author_role = 'SELLER' AND visible_from <= $2"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(user.to_string())
            .bind(self.now_micros())
            .fetch_one(self.db.reader())
            .await?;
        Rating::from_row(&row)
    }

    /// A listing's rating and its seller's, in one query (a listing's page shows both).
    pub async fn listing_and_seller_ratings(
        &self,
        service_id: &str,
        seller: UserId,
    ) -> Result<(Rating, Rating)> {
        let seller = seller.to_string();
        let ratings = self
            .buyer_ratings(&[About::Listing(service_id), About::Seller(&seller)])
            .await?;
        Ok((ratings[0], ratings[1]))
    }

    /// The ratings buyers give each of `about`, from the cache when every one is there and
    /// still exact, else in one query that also learns until when each stays exact (the
    /// first review still hidden becomes visible then) and caches them.
    async fn buyer_ratings(&self, about: &[About<'_>]) -> Result<Vec<Rating>> {
        let now = self.now_micros();
        if let Some(cache) = &self.rating_cache {
            let mut cached = Vec::with_capacity(about.len());
            for a in about {
                match cache.get(&a.key()).await {
                    Ok(Some(bytes)) => match CachedRating::decode(&bytes, now) {
                        Some(rating) => cached.push(rating),
                        None => break,
                    },
                    Ok(None) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "rating cache unavailable; reading the database");
                        break;
                    }
                }
            }
            if cached.len() == about.len() {
                return Ok(cached);
            }
        }
        // One SELECT per subject, each walking its partial index; `next` is the first
        // moment a hidden review of that subject becomes visible (NULL: none waiting).
        let selects: Vec<String> = about
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (column, mark) = (a.column(), i + 2);
                format!(
                    "SELECT CAST({i} AS BIGINT) AS about, {AGGREGATE}, \
                     (SELECT MIN(visible_from) FROM reviews WHERE author_role = 'BUYER' \
                      AND {column} = ${mark} AND visible_from > $1) AS next \
                     FROM reviews WHERE author_role = 'BUYER' AND {column} = ${mark} \
                     AND visible_from <= $1"
                )
            })
            .collect();
        let mut query = sqlx::query(AssertSqlSafe(selects.join(" UNION ALL "))).bind(now);
        for a in about {
            query = query.bind(a.id());
        }
        let rows = query.fetch_all(self.db.reader()).await?;
        let mut ratings = vec![Rating::default(); about.len()];
        for row in &rows {
            let i = usize::try_from(row.try_get::<i64, _>("about")?).unwrap_or(usize::MAX);
            let (Some(a), Some(slot)) = (about.get(i), ratings.get_mut(i)) else {
                continue;
            };
            let cached = CachedRating {
                count: row.try_get("n")?,
                stars: row.try_get("stars")?,
                until: CachedRating::until(now, row.try_get("next")?),
            };
            *slot = cached.rating();
            if let Some(cache) = &self.rating_cache {
                let ttl = Duration::from_micros(u64::try_from(cached.until - now).unwrap_or(0));
                if let Err(e) = cache.set(&a.key(), &cached.encode(), ttl).await {
                    tracing::warn!(error = %e, "could not cache a rating");
                }
            }
        }
        Ok(ratings)
    }

    /// Drops the cached ratings a new review of an order on `service_id` by `seller` can
    /// change: the listing's and the seller's.
    pub(crate) async fn forget_ratings(&self, service_id: &str, seller: UserId) {
        let Some(cache) = &self.rating_cache else {
            return;
        };
        let seller = seller.to_string();
        for a in [About::Listing(service_id), About::Seller(&seller)] {
            if let Err(e) = cache.delete(&a.key()).await {
                tracing::warn!(error = %e, "could not forget a cached rating; it expires within a minute");
            }
        }
    }

    /// A listing's rating: the visible reviews of its buyers.
    pub async fn service_rating(&self, service_id: &str) -> Result<Rating> {
        Ok(self.buyer_ratings(&[About::Listing(service_id)]).await?[0])
    }

    /// The ratings of several listings (a page of search results) in one query per
    /// hundred; a listing without visible reviews is absent from the map.
    pub async fn service_ratings(&self, service_ids: &[String]) -> Result<HashMap<String, Rating>> {
        let now = self.now_micros();
        let mut ratings = HashMap::new();
        for chunk in service_ids.chunks(BATCH) {
            let marks: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT service_id, {AGGREGATE} FROM reviews \
                 WHERE author_role = 'BUYER' AND service_id IN ({}) AND visible_from <= $1 \
                 GROUP BY service_id",
                marks.join(", ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql)).bind(now);
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(self.db.reader()).await? {
                ratings.insert(row.try_get("service_id")?, Rating::from_row(&row)?);
            }
        }
        Ok(ratings)
    }
}
