//! Reading reviews: an order's parties see their own review always and the other's once
//! it is visible; everyone sees the visible reviews of a listing or about a user, newest
//! published first, a page at a time.

use chrono::{DateTime, Utc};
use openlance_core::cursor::{Cursor, Page};
use openlance_core::id::UserId;
use openlance_core::time::{from_micros, to_micros};
use openlance_core::{DomainError, Result};
use sqlx::AssertSqlSafe;

use crate::model::{self, COLUMNS, from_row};
use crate::{AuthorRole, Review, Reviews};

/// An order's reviews as one of its parties sees them.
#[derive(Clone, Debug)]
pub struct OrderReviews {
    /// The caller's own review and the other party's once visible, oldest first.
    pub reviews: Vec<Review>,
    /// When the review window closes; `None` while the order is not COMPLETED.
    pub closes_at: Option<DateTime<Utc>>,
    /// Whether the caller may still write their review.
    pub may_review: bool,
}

impl Reviews {
    /// The reviews of `order_id` for one of its parties; anyone else gets a 404.
    pub async fn order_reviews(&self, caller: UserId, order_id: &str) -> Result<OrderReviews> {
        let order_id = model::check_id("orderId", order_id)?;
        let order = self
            .orders
            .reviewable(&order_id)
            .await?
            .filter(|o| o.role_of(caller).is_some())
            .ok_or(DomainError::NotFound("order"))?;
        let now = self.now_micros();
        let sql = format!(
            "SELECT {COLUMNS} FROM reviews WHERE order_id = $1 \
             AND (author_id = $2 OR visible_from <= $3) ORDER BY created_at, id"
        );
        let reviews = sqlx::query(AssertSqlSafe(sql))
            .bind(&order_id)
            .bind(caller.to_string())
            .bind(now)
            .fetch_all(self.db.reader())
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>>>()?;
        let closes_at = order
            .completed_at
            .map(|at| to_micros(at).saturating_add(self.window_micros()));
        let wrote = reviews.iter().any(|r| r.author_id == caller);
        Ok(OrderReviews {
            may_review: closes_at.is_some_and(|c| now < c) && !wrote,
            closes_at: closes_at.map(from_micros),
            reviews,
        })
    }

    /// The visible reviews of a listing (its buyers' reviews), newest published first.
    pub async fn reviews_of_service(
        &self,
        service_id: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<Review>> {
        let service_id = model::check_id("serviceId", service_id)?;
        self.visible_page(
            "service_id = $1 AND author_role = 'BUYER'",
            &service_id,
            cursor,
            limit,
        )
        .await
    }

    /// The visible reviews about `user` written by the other side — by buyers (about them
    /// as a seller) or by sellers (about them as a buyer) — newest published first.
    pub async fn reviews_of_user(
        &self,
        user: UserId,
        written_by: AuthorRole,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<Review>> {
        // The role is a literal in the SQL so each query matches its partial index.
        let filter = match written_by {
            AuthorRole::Buyer => "subject_id = $1 AND author_role = 'BUYER'",
            AuthorRole::Seller => "subject_id = $1 AND author_role = 'SELLER'",
        };
        self.visible_page(filter, &user.to_string(), cursor, limit)
            .await
    }

    /// One page of visible reviews matching `filter` (on `$1`), walked backwards along
    /// `(visible_from, id)` from now or from the cursor. The row-value comparison is an
    /// index bound on both engines, so a deep page costs what the first one does.
    async fn visible_page(
        &self,
        filter: &str,
        key: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<Review>> {
        let (before_at, before_id): (i64, String) = match cursor {
            Some(c) => Cursor::decode(c)?,
            None => (i64::MAX, String::new()),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM reviews WHERE {filter} AND visible_from <= $2 \
             AND (visible_from, id) < ($3, $4) \
             ORDER BY visible_from DESC, id DESC LIMIT $5"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(key)
            .bind(self.now_micros())
            .bind(before_at)
            .bind(before_id)
            .bind(limit as i64 + 1)
            .fetch_all(self.db.reader())
            .await?;
        let reviews = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(reviews, limit, |r| {
            (to_micros(r.visible_from), r.id.to_string())
        }))
    }
}
