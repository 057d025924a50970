//! "Get now": a buyer orders a listing. The order copies the listing's title and price
//! and splits the price into the deposit (price × deposit percent, rounded down to the
//! minor unit) and the balance (the rest), so a later price change touches only new
//! orders. Only an ACTIVE listing takes orders, and never from its own seller.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::{from_micros, to_micros};
use openlance_core::{DomainError, Money, Result, Validator};

use crate::lock::{MAX_TEXT, order_event};
use crate::{ListingState, Order, OrderId, OrderStatus, OrderableListing, Orders};

/// What the buyer sends with an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOrder {
    /// What the seller needs to know (1 to 5000 characters).
    pub requirements: String,
    /// When the buyer wants it done; not in the past.
    pub scheduled_for: Option<DateTime<Utc>>,
}

impl Orders {
    /// Places an order for the service `service_id` as `buyer`: REQUESTED, waiting for
    /// the seller. An unknown service is a 404; a paused or archived one a 409
    /// `service_not_orderable`; the seller's own a 409 `own_service`.
    pub async fn place(&self, buyer: UserId, service_id: &str, new: NewOrder) -> Result<Order> {
        // At the stored precision, so the answer matches every later read of the order.
        let now = from_micros(to_micros(self.clock.now()));
        let requirements = validate(&new, now)?;
        let listing = self
            .listings
            .orderable(service_id)
            .await?
            .ok_or(DomainError::NotFound("service"))?;
        orderable(&listing, buyer)?;
        let (deposit, balance) = split(&listing)?;
        let order = Order {
            id: OrderId::new(),
            service_id: listing.service_id.clone(),
            service_title: listing.title.clone(),
            buyer_id: buyer,
            seller_id: listing.seller_id,
            price: listing.price,
            deposit,
            balance,
            requirements,
            scheduled_for: new.scheduled_for.map(|t| from_micros(to_micros(t))),
            status: OrderStatus::Requested,
            cancellation_requested_by: None,
            dispute_reason: None,
            balance_due: Money::new(0, listing.price.currency),
            created_at: now,
            delivered_at: None,
            completed_at: None,
        };
        // The order is written as built (no read back): the writer is held for the insert,
        // the event and the commit only.
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO orders (id, service_id, service_title, buyer_id, seller_id, currency, \
             price, deposit, balance, requirements, scheduled_for, status, balance_due, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13)",
        )
        .bind(order.id.to_string())
        .bind(&order.service_id)
        .bind(&order.service_title)
        .bind(buyer.to_string())
        .bind(order.seller_id.to_string())
        .bind(order.price.currency.code())
        .bind(order.price.amount)
        .bind(order.deposit.amount)
        .bind(order.balance.amount)
        .bind(&order.requirements)
        .bind(order.scheduled_for.map(to_micros))
        .bind(order.status.as_str())
        .bind(to_micros(now))
        .execute(tx.conn())
        .await?;
        let event = order_event!(OrderRequested, order,
            price: order.price,
            deposit: order.deposit,
            requirements: order.requirements.clone(),
            scheduled_for: order.scheduled_for.map(|t| t.to_rfc3339()),
        );
        self.emit(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(order)
    }
}

fn validate(new: &NewOrder, now: DateTime<Utc>) -> Result<String> {
    let requirements = new.requirements.trim();
    let mut v = Validator::new();
    v.check(
        !requirements.is_empty() && requirements.chars().count() <= MAX_TEXT,
        "requirements",
        format!("must be 1 to {MAX_TEXT} characters"),
    );
    v.check(
        new.scheduled_for.is_none_or(|at| at >= now),
        "scheduledFor",
        "must not be in the past",
    );
    v.finish()?;
    Ok(requirements.to_string())
}

pub(crate) fn orderable(listing: &OrderableListing, buyer: UserId) -> Result<()> {
    if listing.state != ListingState::Active {
        return Err(DomainError::conflict(
            "service_not_orderable",
            format!(
                "this service is {}; it takes no orders",
                listing.state.as_str()
            ),
        ));
    }
    if listing.seller_id == buyer {
        return Err(DomainError::conflict(
            "own_service",
            "you cannot order your own service",
        ));
    }
    Ok(())
}

/// The deposit (rounded down) and the balance of the listing's price.
pub(crate) fn split(listing: &OrderableListing) -> Result<(Money, Money)> {
    if listing.deposit_percent > 100 || listing.price.amount <= 0 {
        return Err(DomainError::internal(format!(
            "service {} has a deposit of {}% of {}",
            listing.service_id, listing.deposit_percent, listing.price
        )));
    }
    let deposit = listing
        .price
        .share_bps(u32::from(listing.deposit_percent) * 100);
    Ok((deposit, listing.price.checked_sub(deposit)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use openlance_core::Currency;

    fn listing(cents: i64, percent: u8) -> OrderableListing {
        OrderableListing {
            service_id: "s".into(),
            seller_id: UserId::new(),
            title: "Tutoring".into(),
            price: Money::new(cents, Currency::USD),
            deposit_percent: percent,
            state: ListingState::Active,
        }
    }

    #[test]
    fn the_deposit_is_rounded_down_and_the_balance_takes_the_rest() {
        let (d, b) = split(&listing(999, 50)).unwrap();
        assert_eq!((d.amount, b.amount), (499, 500));
        let (d, b) = split(&listing(1_000, 0)).unwrap();
        assert_eq!((d.amount, b.amount), (0, 1_000));
        let (d, b) = split(&listing(1_000, 100)).unwrap();
        assert_eq!((d.amount, b.amount), (1_000, 0));
        assert!(split(&listing(1_000, 101)).is_err());
    }
}
