//! A freelancer's experience, education and achievements: lists of items with ids that
//! only their owner can change. Each kind has typed fields (WorkUp's names) and is stored
//! as JSON in `profile_items`; a user asking for another user's item id gets a 404.

use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result, Validator, define_id};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;

use crate::Accounts;

define_id!(
    /// One experience, education or achievement entry of a profile.
    ProfileItemId
);

/// Most items of one kind a profile may hold.
pub const MAX_ITEMS_PER_KIND: i64 = 100;

/// The fields of one kind of profile item.
pub trait ItemFields: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// Stored in `profile_items.kind`.
    const KIND: &'static str;
    fn id(&self) -> Option<ProfileItemId>;
    fn set_id(&mut self, id: ProfileItemId);
    /// Collects field errors; `creating` requires the kind's mandatory fields.
    fn check(&self, v: &mut Validator, creating: bool);
    /// Overwrites this item's fields with those present in `patch`.
    fn merge(&mut self, patch: Self);
}

fn validate<T: ItemFields>(item: &T, creating: bool) -> Result<()> {
    let mut v = Validator::new();
    item.check(&mut v, creating);
    v.finish()
}

impl Accounts {
    /// Adds an item to the owner's profile; returns its id.
    pub async fn add_item<T: ItemFields>(
        &self,
        owner: UserId,
        mut item: T,
    ) -> Result<ProfileItemId> {
        if item.id().is_some() {
            return Err(DomainError::invalid(
                "id",
                "must not be sent when creating an item",
            ));
        }
        validate(&item, true)?;
        let id = ProfileItemId::new();
        item.set_id(id);
        let mut tx = self.db.begin().await?;
        crate::user::live(tx.conn(), owner).await?;
        let count: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM profile_items WHERE user_id = $1 AND kind = $2",
        )
        .bind(owner.to_string())
        .bind(T::KIND)
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?;
        if count >= MAX_ITEMS_PER_KIND {
            return Err(DomainError::unprocessable(
                "too_many_items",
                format!(
                    "a profile holds at most {MAX_ITEMS_PER_KIND} {} items",
                    T::KIND
                ),
            ));
        }
        sqlx::query(
            "INSERT INTO profile_items (id, user_id, kind, data, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.to_string())
        .bind(owner.to_string())
        .bind(T::KIND)
        .bind(serde_json::to_string(&item).map_err(DomainError::internal)?)
        .bind(to_micros(self.clock.now()))
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Updates the owner's item named by `patch.id` with the fields present in `patch`.
    pub async fn update_item<T: ItemFields>(&self, owner: UserId, patch: T) -> Result<T> {
        let id = patch.id().ok_or_else(|| {
            DomainError::invalid("id", "the id of the item to update is required")
        })?;
        validate(&patch, false)?;
        let mut tx = self.db.begin().await?;
        let row = sqlx::query(
            "SELECT data FROM profile_items WHERE id = $1 AND user_id = $2 AND kind = $3",
        )
        .bind(id.to_string())
        .bind(owner.to_string())
        .bind(T::KIND)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(DomainError::NotFound("item"))?;
        let data: String = row.try_get("data")?;
        let mut item: T = serde_json::from_str(&data).map_err(DomainError::internal)?;
        item.merge(patch);
        item.set_id(id);
        sqlx::query("UPDATE profile_items SET data = $1 WHERE id = $2 AND user_id = $3")
            .bind(serde_json::to_string(&item).map_err(DomainError::internal)?)
            .bind(id.to_string())
            .bind(owner.to_string())
            .execute(tx.conn())
            .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Deletes the owner's item; another user's (or a missing) item is a 404.
    pub async fn delete_item<T: ItemFields>(&self, owner: UserId, id: ProfileItemId) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let done =
            sqlx::query("DELETE FROM profile_items WHERE id = $1 AND user_id = $2 AND kind = $3")
                .bind(id.to_string())
                .bind(owner.to_string())
                .bind(T::KIND)
                .execute(tx.conn())
                .await?;
        if done.rows_affected() == 0 {
            return Err(DomainError::NotFound("item"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// The items of one kind on a user's profile, oldest first.
    pub async fn list_items<T: ItemFields>(&self, owner: UserId) -> Result<Vec<T>> {
        let rows = sqlx::query(
            "SELECT data FROM profile_items WHERE user_id = $1 AND kind = $2 ORDER BY id",
        )
        .bind(owner.to_string())
        .bind(T::KIND)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                serde_json::from_str(&data).map_err(DomainError::internal)
            })
            .collect()
    }
}
