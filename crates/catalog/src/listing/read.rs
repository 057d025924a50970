//! Reading listings: one by id (for the orders context, any status), one as a viewer may
//! see it, and a seller's own, every status, newest first in cursor pages.

use openlance_core::id::UserId;
use openlance_core::{Cursor, DomainError, Page, Result};
use openlance_storage::{Backend, Tx};
use sqlx::AssertSqlSafe;

use super::{COLUMNS, Listing, ListingStatus, from_row};
use crate::{Catalog, ServiceId};

impl Catalog {
    /// One listing by id, any status (None when it does not exist). For other contexts
    /// (orders copy its price and deposit); the HTTP edge uses [`Catalog::service_for`].
    pub async fn get(&self, id: &ServiceId) -> Result<Option<Listing>> {
        let sql = format!("SELECT {COLUMNS} FROM services s WHERE s.id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(self.db.reader())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// A listing as `viewer` may see it: ACTIVE and PAUSED ones are public; an ARCHIVED
    /// one only to its seller (a 404 to anyone else).
    pub async fn service_for(&self, viewer: Option<UserId>, id: ServiceId) -> Result<Listing> {
        match self.get(&id).await? {
            Some(l) if l.status != ListingStatus::Archived || viewer == Some(l.seller_id) => Ok(l),
            _ => Err(DomainError::NotFound("service")),
        }
    }

    /// The seller's own listings, newest first, in any status or the one given.
    pub async fn seller_services(
        &self,
        seller: UserId,
        status: Option<ListingStatus>,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<Listing>> {
        if limit == 0 || limit > 100 {
            return Err(DomainError::invalid("limit", "must be between 1 and 100"));
        }
        let after: Option<i64> = cursor.map(Cursor::decode).transpose()?;
        let mut conditions = vec!["s.seller_id = $1".to_string()];
        if status.is_some() {
            conditions.push("s.status = $2".into());
        }
        if after.is_some() {
            conditions.push(format!("s.seq < ${}", conditions.len() + 1));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM services s WHERE {} ORDER BY s.seq DESC LIMIT {}",
            conditions.join(" AND "),
            limit + 1
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(seller.to_string());
        if let Some(status) = status {
            query = query.bind(status.as_str());
        }
        if let Some(after) = after {
            query = query.bind(after);
        }
        let rows = query.fetch_all(self.db.reader()).await?;
        let listings = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(listings, limit, |l| l.seq))
    }
}

/// The listing if `caller` sells it, read and locked in a write transaction (PostgreSQL
/// locks the row, so two changes of one listing apply one after the other; SQLite has a
/// single writer); anyone else's is a 404.
pub(crate) async fn owned(tx: &mut Tx, id: ServiceId, caller: UserId) -> Result<Listing> {
    let lock = match tx.backend() {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let sql = format!("SELECT {COLUMNS} FROM services s WHERE s.id = $1{lock}");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or(DomainError::NotFound("service"))?;
    let listing = from_row(&row)?;
    if listing.seller_id != caller {
        return Err(DomainError::NotFound("service"));
    }
    Ok(listing)
}
