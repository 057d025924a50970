//! Reading orders: a party reads an order (anyone else: 404), a user lists their own
//! orders as buyer and/or seller, and other contexts (reviews) read an order by id.

use openlance_core::cursor::{Cursor, Page};
use openlance_core::id::UserId;
use openlance_core::{Result, page_limit};
use sqlx::AssertSqlSafe;

use crate::lock::{find, load, party};
use crate::model::{ORDER_COLUMNS, order_from_row};
use crate::{Order, OrderId, OrderStatus, Orders, Party};

impl Orders {
    /// An order its buyer or seller may read.
    pub async fn order(&self, caller: UserId, id: OrderId) -> Result<Order> {
        let mut conn = self.db.reader().acquire().await?;
        let order = load(&mut conn, id).await?;
        party(&order, caller)?;
        Ok(order)
    }

    /// Any order by id, with no access check: for other contexts (reviews ask whether
    /// an order is COMPLETED, when, and who its parties are).
    pub async fn get(&self, id: &OrderId) -> Result<Option<Order>> {
        let mut conn = self.db.reader().acquire().await?;
        find(&mut conn, *id).await
    }

    /// The caller's orders, newest first: as buyer, as seller, or both when `side` is
    /// `None`; optionally only those in `status`. `cursor` continues a page.
    pub async fn orders_of(
        &self,
        caller: UserId,
        side: Option<Party>,
        status: Option<OrderStatus>,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Page<Order>> {
        let limit = page_limit(limit)?;
        let before: Option<String> = cursor.map(Cursor::decode).transpose()?;
        let who = match side {
            Some(Party::Buyer) => "buyer_id = $1",
            Some(Party::Seller) => "seller_id = $1",
            None => "(buyer_id = $1 OR seller_id = $1)",
        };
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE {who} \
             AND ($2 = '' OR status = $2) AND ($3 = '' OR id < $3) \
             ORDER BY id DESC LIMIT $4"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(caller.to_string())
            .bind(status.map_or("", |s| s.as_str()))
            .bind(before.unwrap_or_default())
            .bind(limit as i64 + 1)
            .fetch_all(self.db.reader())
            .await?;
        let orders = rows
            .iter()
            .map(order_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(orders, limit, |o| o.id.to_string()))
    }
}
