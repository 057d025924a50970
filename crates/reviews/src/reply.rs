//! The reviewed person's one reply to a visible review about them: a conditional update
//! (`WHERE reply IS NULL`), so of two replies sent at once exactly one is kept.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{DomainError, Event, Result};
use sqlx::AssertSqlSafe;

use crate::events::ReviewReplied;
use crate::model::{self, COLUMNS, from_row};
use crate::{Review, ReviewId, Reviews};

impl Reviews {
    /// `caller` replies to the review `id` about them. Its author is refused (403); anyone
    /// else, and the person reviewed while the review is still hidden, get a 404; a second
    /// reply is a 409.
    pub async fn reply(&self, caller: UserId, id: ReviewId, text: &str) -> Result<Review> {
        let text = model::check_reply(text)?;
        let now = self.now_micros();
        let mut tx = self.db.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM reviews WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(tx.conn())
            .await?
            .ok_or(DomainError::NotFound("review"))?;
        let mut review = from_row(&row)?;
        if review.author_id == caller {
            return Err(DomainError::Forbidden(
                "only the person reviewed may reply to a review".into(),
            ));
        }
        if review.subject_id != caller || !review.is_visible_at(from_micros(now)) {
            return Err(DomainError::NotFound("review"));
        }
        let done = sqlx::query(
            "UPDATE reviews SET reply = $1, replied_at = $2 WHERE id = $3 AND reply IS NULL",
        )
        .bind(&text)
        .bind(now)
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(DomainError::conflict(
                "already_replied",
                "you have already replied to this review",
            ));
        }
        let replied = ReviewReplied {
            review_id: id.to_string(),
            order_id: review.order_id.clone(),
            author_id: review.author_id.to_string(),
            subject_id: caller.to_string(),
        };
        outbox::append(&mut tx, &Event::of(&replied, self.clock.now())).await?;
        tx.commit().await?;
        review.reply = Some(text);
        review.replied_at = Some(from_micros(now));
        Ok(review)
    }
}
