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

use std::collections::HashMap;

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

const AGGREGATE: &str =
    "CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(rating), 0) AS BIGINT) AS stars";

impl Reviews {
    /// A seller's rating: their buyers' visible reviews.
    pub async fn seller_rating(&self, seller: UserId) -> Result<Rating> {
        self.user_rating(seller, AuthorRole::Buyer).await
    }

    /// A user's rating from the visible reviews the other side wrote about them: by
    /// their buyers (as a seller) or by their sellers (as a buyer).
    pub async fn user_rating(&self, user: UserId, written_by: AuthorRole) -> Result<Rating> {
        // The role is a literal in the SQL so each query matches its partial index.
        let role = match written_by {
            AuthorRole::Buyer => "author_role = 'BUYER'",
            AuthorRole::Seller => "author_role = 'SELLER'",
        };
        let sql = format!(
            "SELECT {AGGREGATE} FROM reviews \
             WHERE subject_id = $1 AND {role} AND visible_from <= $2"
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
        let sql = format!(
            "SELECT 'service' AS about, {AGGREGATE} FROM reviews \
             WHERE author_role = 'BUYER' AND service_id = $1 AND visible_from <= $3 \
             UNION ALL \
             SELECT 'seller' AS about, {AGGREGATE} FROM reviews \
             WHERE subject_id = $2 AND author_role = 'BUYER' AND visible_from <= $3"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(service_id)
            .bind(seller.to_string())
            .bind(self.now_micros())
            .fetch_all(self.db.reader())
            .await?;
        let (mut listing, mut seller) = (Rating::default(), Rating::default());
        for row in &rows {
            let about: String = row.try_get("about")?;
            match about.as_str() {
                "service" => listing = Rating::from_row(row)?,
                _ => seller = Rating::from_row(row)?,
            }
        }
        Ok((listing, seller))
    }

    /// A listing's rating: the visible reviews of its buyers.
    pub async fn service_rating(&self, service_id: &str) -> Result<Rating> {
        let ratings = self.service_ratings(&[service_id.to_string()]).await?;
        Ok(ratings.get(service_id).copied().unwrap_or_default())
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
