//! Writing a review. Only the order's buyer or seller, only after COMPLETED, only before
//! the window closes, once each. Both reviews of an order serialise on the order's row in
//! `review_windows` (an upsert, which locks it), so the second review — however close
//! behind the first — sees the first and publishes both at once.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::{from_micros, to_micros};
use openlance_core::{DomainError, Event, Result};
use sqlx::AssertSqlSafe;

use crate::events::{ReviewPublished, ReviewSubmitted};
use crate::model::{self, COLUMNS, from_row};
use crate::{AuthorRole, NewReview, Review, ReviewId, Reviews};

impl Reviews {
    /// `author` reviews the order `order_id`. Anyone but its buyer and its seller (or an
    /// unknown order) is a 404; an order not yet COMPLETED, a closed window or a second
    /// review by the same party is a 409.
    pub async fn submit(&self, author: UserId, order_id: &str, new: NewReview) -> Result<Review> {
        let text = model::check_review(&new)?;
        let order_id = model::check_id("orderId", order_id)?;
        let order = self
            .orders
            .reviewable(&order_id)
            .await?
            .ok_or(DomainError::NotFound("order"))?;
        let role = order
            .role_of(author)
            .ok_or(DomainError::NotFound("order"))?;
        let completed_at = order.completed_at.ok_or_else(|| {
            DomainError::conflict(
                "order_not_completed",
                "an order can be reviewed once it is COMPLETED",
            )
        })?;
        let closes_at = to_micros(completed_at).saturating_add(self.window_micros());
        let now = self.now_micros();
        if now >= closes_at {
            return Err(DomainError::conflict(
                "review_window_closed",
                format!(
                    "the review window of this order closed at {}",
                    from_micros(closes_at).to_rfc3339()
                ),
            ));
        }
        let subject = match role {
            AuthorRole::Buyer => order.seller_id,
            AuthorRole::Seller => order.buyer_id,
        };

        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO review_windows (order_id, closes_at, reviews) VALUES ($1, $2, 1) \
             ON CONFLICT (order_id) DO UPDATE SET reviews = review_windows.reviews + 1",
        )
        .bind(&order_id)
        .bind(closes_at)
        .execute(tx.conn())
        .await?;
        let sql = format!("SELECT {COLUMNS} FROM reviews WHERE order_id = $1");
        let written = sqlx::query(AssertSqlSafe(sql))
            .bind(&order_id)
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>>>()?;
        if written.iter().any(|r| r.author_id == author) {
            return Err(DomainError::conflict(
                "already_reviewed",
                "you have already reviewed this order",
            ));
        }
        // The other party's review, if they wrote theirs first: both become visible now.
        let other = written.into_iter().find(|r| r.author_id == subject);
        let visible_from = if other.is_some() { now } else { closes_at };
        let review = Review {
            id: ReviewId::new(),
            order_id: order_id.clone(),
            service_id: order.service_id.clone(),
            author_id: author,
            subject_id: subject,
            author_role: role,
            rating: new.rating,
            text,
            reply: None,
            replied_at: None,
            created_at: from_micros(now),
            visible_from: from_micros(visible_from),
        };
        sqlx::query(
            "INSERT INTO reviews (id, order_id, service_id, author_id, subject_id, author_role, \
             rating, body, created_at, visible_from) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(review.id.to_string())
        .bind(&review.order_id)
        .bind(&review.service_id)
        .bind(author.to_string())
        .bind(subject.to_string())
        .bind(role.as_str())
        .bind(review.rating)
        .bind(review.text.as_deref())
        .bind(now)
        .bind(visible_from)
        .execute(tx.conn())
        .await?;
        let at = self.clock.now();
        let submitted = ReviewSubmitted {
            review_id: review.id.to_string(),
            order_id: order_id.clone(),
            service_id: review.service_id.clone(),
            author_id: author.to_string(),
            subject_id: subject.to_string(),
            rating: review.rating,
        };
        outbox::append(&mut tx, &Event::of(&submitted, at)).await?;
        if let Some(mut other) = other {
            sqlx::query("UPDATE reviews SET visible_from = $1 WHERE id = $2 AND visible_from > $1")
                .bind(now)
                .bind(other.id.to_string())
                .execute(tx.conn())
                .await?;
            other.visible_from = from_micros(now);
            for published in [&other, &review] {
                outbox::append(&mut tx, &Event::of(&ReviewPublished::from(published), at)).await?;
            }
        }
        tx.commit().await?;
        self.forget_ratings(&order.service_id, order.seller_id)
            .await;
        Ok(review)
    }
}
