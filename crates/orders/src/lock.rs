//! The steps every action shares: reading an order, locking its row in a transaction,
//! checking who the caller is to it, moving it through the state machine, and writing
//! its event to the outbox.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, EventPayload, Result};
use openlance_storage::Tx;
use openlance_storage::transition::{self, Move};
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::model::{ORDER_COLUMNS, order_from_row};
use crate::states::ORDER;
use crate::{Order, OrderId, OrderStatus, Orders, Party};

/// Builds an order event: the five fields every one carries, from `$order`, then its own.
macro_rules! order_event {
    ($ty:ident, $order:expr $(, $field:ident: $value:expr)* $(,)?) => {
        $crate::events::$ty {
            order_id: $order.id.to_string(),
            service_id: $order.service_id.clone(),
            service_title: $order.service_title.clone(),
            buyer_id: $order.buyer_id.to_string(),
            seller_id: $order.seller_id.to_string(),
            $($field: $value),*
        }
    };
}
pub(crate) use order_event;

/// The order, or a 404.
pub(crate) async fn load(conn: &mut AnyConnection, id: OrderId) -> Result<Order> {
    find(conn, id).await?.ok_or(DomainError::NotFound("order"))
}

pub(crate) async fn find(conn: &mut AnyConnection, id: OrderId) -> Result<Option<Order>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(order_from_row).transpose()
}

/// The order in `tx` with its row locked, so racing actions on it queue and each sees
/// what the previous one did.
pub(crate) async fn locked(tx: &mut Tx, id: OrderId) -> Result<Order> {
    // A no-op update takes the row lock on both engines.
    sqlx::query("UPDATE orders SET status = status WHERE id = $1")
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
    load(tx.conn(), id).await
}

/// The caller's side of `order`; anyone else gets a 404 (they may not know it exists).
pub(crate) fn party(order: &Order, caller: UserId) -> Result<Party> {
    order.party_of(caller).ok_or(DomainError::NotFound("order"))
}

/// A 403 unless the caller is on `side` of the order (checked after [`party`]).
pub(crate) fn must_be(side: Party, caller: Party, doing: &str) -> Result<()> {
    if side == caller {
        return Ok(());
    }
    let who = match side {
        Party::Buyer => "buyer",
        Party::Seller => "seller",
    };
    Err(DomainError::Forbidden(format!(
        "only the order's {who} {doing}"
    )))
}

/// A 403 unless the caller is an admin.
pub(crate) fn must_be_admin(is_admin: bool, doing: &str) -> Result<()> {
    if is_admin {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!("only an admin {doing}")))
    }
}

/// A 409 naming the current state unless the order may move to `to` from where it is.
pub(crate) fn can_move(order: &Order, to: OrderStatus) -> Result<()> {
    ORDER.moves.check(order.status, to)
}

/// A trimmed reason or note of at most `MAX_TEXT` characters; `required` refuses an
/// empty one.
pub(crate) fn text(field: &str, value: Option<&str>, required: bool) -> Result<Option<String>> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None if required => Err(DomainError::invalid(field, "must not be empty")),
        Some(v) if v.chars().count() > MAX_TEXT => Err(DomainError::invalid(
            field,
            format!("must be at most {MAX_TEXT} characters"),
        )),
        other => Ok(other.map(str::to_string)),
    }
}

/// Longest reason, note or requirements text kept.
pub(crate) const MAX_TEXT: usize = 5_000;

impl Orders {
    /// Moves the order to `to` (a 409 naming its state when it may not) with an audit
    /// row; `actor` is `None` for a timer.
    pub(crate) async fn move_order(
        &self,
        tx: &mut Tx,
        order: &Order,
        to: OrderStatus,
        actor: Option<UserId>,
        reason: Option<&str>,
    ) -> Result<()> {
        let id = order.id.to_string();
        let actor = actor.map(|a| a.to_string());
        let mv = Move {
            id: &id,
            to,
            actor: actor.as_deref(),
            reason,
            at: self.now_micros(),
        };
        transition::apply(tx, &ORDER, mv).await?;
        Ok(())
    }

    /// Writes `event` to the outbox in `tx`.
    pub(crate) async fn emit<P: EventPayload>(&self, tx: &mut Tx, event: &P) -> Result<()> {
        outbox::append(tx, &Event::of(event, self.clock.now())).await?;
        Ok(())
    }

    /// Sets one nullable time column to now.
    pub(crate) async fn stamp(&self, tx: &mut Tx, order: &Order, column: Stamp) -> Result<()> {
        let sql = match column {
            Stamp::Delivered => "UPDATE orders SET delivered_at = $1 WHERE id = $2",
            Stamp::Completed => "UPDATE orders SET completed_at = $1 WHERE id = $2",
        };
        sqlx::query(sql)
            .bind(self.now_micros())
            .bind(order.id.to_string())
            .execute(tx.conn())
            .await?;
        Ok(())
    }
}

/// The time columns an action sets.
pub(crate) enum Stamp {
    Delivered,
    Completed,
}
