//! Bulk loading of orders for `openlance seed`: many orders in a few multi-row
//! statements, each placed as `place` places it (the listing's title and price copied,
//! the price split into deposit and balance the same way) and moved only through states
//! that move no money — confirmed, declined, cancelled before the deposit, expired —
//! with the audit row of every move, so the order's page and history read as if its
//! parties had clicked. No events are written and no money moves: nobody is notified,
//! and the ledger is untouched.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Result};
use openlance_storage::Tx;
use openlance_storage::bulk::{self, PastMove};

use crate::lock::MAX_TEXT;
use crate::place::{orderable, split};
use crate::states::ORDER;
use crate::{OrderId, OrderStatus, OrderableListing, OrdersConfig};

/// An order as the seeder makes it: a placed order and how it went on.
#[derive(Clone, Debug)]
pub struct SeedOrder {
    /// The listing as the buyer ordered it (active, not the buyer's own).
    pub listing: OrderableListing,
    pub buyer: UserId,
    pub requirements: String,
    pub placed_at: DateTime<Utc>,
    pub outcome: SeedOutcome,
}

/// Where a seeded order went after it was placed: only moves without money.
#[derive(Clone, Debug)]
pub enum SeedOutcome {
    /// Still waiting for the seller (place it within the request expiry, or the expiry
    /// timer will expire it — and notify its parties — when the server next runs).
    Requested,
    /// The seller confirmed it; the buyer has not paid the deposit.
    Accepted { at: DateTime<Utc> },
    /// The seller declined it, saying why.
    Declined { at: DateTime<Utc>, reason: String },
    /// The buyer withdrew it, before or after the seller confirmed it.
    Cancelled {
        accepted_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
        reason: Option<String>,
    },
    /// Nobody answered within the request expiry.
    Expired,
}

const COLUMNS: [&str; 13] = [
    "id",
    "service_id",
    "service_title",
    "buyer_id",
    "seller_id",
    "currency",
    "price",
    "deposit",
    "balance",
    "requirements",
    "status",
    "balance_due",
    "created_at",
];

/// Inserts `orders` in `tx` with their transitions. Returns how many were written.
pub async fn insert_orders(
    tx: &mut Tx,
    config: &OrdersConfig,
    orders: Vec<SeedOrder>,
) -> Result<u64> {
    let expiry =
        chrono::Duration::from_std(config.request_expiry).map_err(DomainError::internal)?;
    let expired_note = format!(
        "expired: the seller did not answer within {} hours",
        config.request_expiry.as_secs() / 3600
    );
    let mut rows = Vec::with_capacity(orders.len());
    let mut moves = Vec::new();
    for order in orders {
        orderable(&order.listing, order.buyer)?;
        let requirements = order.requirements.trim();
        if requirements.is_empty() || requirements.chars().count() > MAX_TEXT {
            return Err(DomainError::invalid(
                "requirements",
                format!("must be 1 to {MAX_TEXT} characters"),
            ));
        }
        let (deposit, balance) = split(&order.listing)?;
        let id = OrderId(bulk::id_at(to_micros(order.placed_at)));
        let buyer = order.buyer.to_string();
        let seller = order.listing.seller_id.to_string();
        let mut step = |from, to, actor: Option<&String>, reason, at| {
            moves.push(PastMove {
                id: id.to_string(),
                from,
                to,
                actor: actor.cloned(),
                reason,
                at: to_micros(at),
            });
            to
        };
        use OrderStatus::{Accepted, Cancelled, Declined, Expired, Requested};
        let status = match &order.outcome {
            SeedOutcome::Requested => Requested,
            SeedOutcome::Accepted { at } => step(Requested, Accepted, Some(&seller), None, *at),
            SeedOutcome::Declined { at, reason } => step(
                Requested,
                Declined,
                Some(&seller),
                Some(reason.clone()),
                *at,
            ),
            SeedOutcome::Cancelled {
                accepted_at,
                at,
                reason,
            } => {
                let from = match accepted_at {
                    Some(accepted) => step(Requested, Accepted, Some(&seller), None, *accepted),
                    None => Requested,
                };
                step(from, Cancelled, Some(&buyer), reason.clone(), *at)
            }
            SeedOutcome::Expired => step(
                Requested,
                Expired,
                None,
                Some(expired_note.clone()),
                order.placed_at + expiry,
            ),
        };
        rows.push((
            id,
            order.listing,
            buyer,
            deposit.amount,
            balance.amount,
            requirements.to_string(),
            status,
            to_micros(order.placed_at),
        ));
    }
    let written = bulk::insert(tx, "orders", &COLUMNS, rows, |q, row| {
        let (id, listing, buyer, deposit, balance, requirements, status, placed) = row;
        q.bind(id.to_string())
            .bind(listing.service_id)
            .bind(listing.title)
            .bind(buyer)
            .bind(listing.seller_id.to_string())
            .bind(listing.price.currency.code().to_string())
            .bind(listing.price.amount)
            .bind(deposit)
            .bind(balance)
            .bind(requirements)
            .bind(status.as_str())
            .bind(0_i64)
            .bind(placed)
    })
    .await?;
    bulk::insert_moves(tx, &ORDER, moves).await?;
    Ok(written)
}
