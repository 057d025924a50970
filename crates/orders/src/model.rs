//! What an order is, and how it is read from its row.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Currency, Money, Result};
use openlance_storage::{AnyRow, Row};

use crate::{OrderId, OrderStatus};

/// A booking of a service, with what was copied from the listing when it was placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: OrderId,
    pub service_id: String,
    /// The service's title when it was ordered.
    pub service_title: String,
    pub buyer_id: UserId,
    pub seller_id: UserId,
    /// The service's price when it was ordered.
    pub price: Money,
    /// The part of the price paid up front and held in escrow: price × deposit percent,
    /// rounded down to the minor unit.
    pub deposit: Money,
    /// The rest of the price (price − deposit), paid when the order completes.
    pub balance: Money,
    pub requirements: String,
    /// When the buyer wants it done, if they said.
    pub scheduled_for: Option<DateTime<Utc>>,
    pub status: OrderStatus,
    /// The party who asked to cancel this DEPOSIT_PAID order (the other must agree).
    pub cancellation_requested_by: Option<UserId>,
    /// Why the buyer disputed the delivery.
    pub dispute_reason: Option<String>,
    /// What the buyer still owes after a completion their wallet could not pay
    /// (zero otherwise, and once paid).
    pub balance_due: Money,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// Which side of an order a user is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Buyer,
    Seller,
}

impl Order {
    /// Whether `user` is its buyer or its seller.
    pub fn is_party(&self, user: UserId) -> bool {
        self.party_of(user).is_some()
    }

    /// `user`'s side of the order, if any.
    pub fn party_of(&self, user: UserId) -> Option<Party> {
        if user == self.buyer_id {
            Some(Party::Buyer)
        } else if user == self.seller_id {
            Some(Party::Seller)
        } else {
            None
        }
    }
}

pub(crate) const ORDER_COLUMNS: &str = "id, service_id, service_title, buyer_id, seller_id, \
     currency, price, deposit, balance, requirements, scheduled_for, status, \
     cancellation_requested_by, dispute_reason, balance_due, created_at, delivered_at, \
     completed_at";

fn user(row: &AnyRow, column: &str) -> Result<UserId> {
    UserId::parse(&row.try_get::<String, _>(column)?)
}

fn time(row: &AnyRow, column: &str) -> Result<Option<DateTime<Utc>>> {
    Ok(row.try_get::<Option<i64>, _>(column)?.map(from_micros))
}

pub(crate) fn order_from_row(row: &AnyRow) -> Result<Order> {
    let currency = Currency::parse(&row.try_get::<String, _>("currency")?)?;
    let money = |column: &str| -> Result<Money> { Ok(Money::new(row.try_get(column)?, currency)) };
    Ok(Order {
        id: OrderId::parse(&row.try_get::<String, _>("id")?)?,
        service_id: row.try_get("service_id")?,
        service_title: row.try_get("service_title")?,
        buyer_id: user(row, "buyer_id")?,
        seller_id: user(row, "seller_id")?,
        price: money("price")?,
        deposit: money("deposit")?,
        balance: money("balance")?,
        requirements: row.try_get("requirements")?,
        scheduled_for: time(row, "scheduled_for")?,
        status: OrderStatus::stored(&row.try_get::<String, _>("status")?)?,
        cancellation_requested_by: row
            .try_get::<Option<String>, _>("cancellation_requested_by")?
            .map(|id| UserId::parse(&id))
            .transpose()?,
        dispute_reason: row.try_get("dispute_reason")?,
        balance_due: money("balance_due")?,
        created_at: from_micros(row.try_get("created_at")?),
        delivered_at: time(row, "delivered_at")?,
        completed_at: time(row, "completed_at")?,
    })
}
