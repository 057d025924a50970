//! Deleting an account: personal data is removed, tokens revoked, and the user row kept
//! as a tombstone because money records in other contexts refer to it.

use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{Event, Result};

use crate::events::UserDeleted;
use crate::{Accounts, auth::refresh, auth::throttle, user};

/// The name a deleted account shows wherever it is still referenced.
pub const DELETED_NAME: &str = "Deleted user";

impl Accounts {
    /// Deletes the caller's account. Idempotent for the row; a second call is a 404.
    pub async fn delete_account(&self, id: UserId) -> Result<()> {
        let now = self.clock.now();
        let micros = to_micros(now);
        let mut tx = self.db.begin().await?;
        user::lock(&mut tx, id).await?;
        let stored = user::live(tx.conn(), id).await?;
        throttle::forget_email(tx.conn(), &stored.user.email).await?;
        let id_text = id.to_string();
        sqlx::query(
            "UPDATE users SET email = NULL, password_hash = NULL, display_name = $1, \
             email_verified_at = NULL, deleted_at = $2, updated_at = $2 WHERE id = $3",
        )
        .bind(DELETED_NAME)
        .bind(micros)
        .bind(&id_text)
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "UPDATE user_profiles SET headline = NULL, bio = NULL, city = NULL, photo_link = NULL, \
             resume_link = NULL, job_title = NULL, birth_date = NULL, skills = '[]', \
             languages = '[]', hourly_rate_amount = NULL, hourly_rate_currency = NULL, \
             company_name = NULL, industry = NULL, employee_count = NULL, \
             company_description = NULL, updated_at = $1 WHERE user_id = $2",
        )
        .bind(micros)
        .bind(&id_text)
        .execute(tx.conn())
        .await?;
        for table in [
            "DELETE FROM profile_items WHERE user_id = $1",
            "DELETE FROM account_tokens WHERE user_id = $1",
        ] {
            sqlx::query(table).bind(&id_text).execute(tx.conn()).await?;
        }
        refresh::revoke_all(tx.conn(), id, now).await?;
        let event = Event::of(&UserDeleted { user_id: id }, now);
        openlance_bus::outbox::append(&mut tx, &event).await?;
        tx.commit().await?;
        self.revoke_locally(id);
        Ok(())
    }
}
