//! The order's state machine: its states, its allowed moves and its audit table (see
//! `openlance_storage::transition`). Who may ask for which move is decided by the
//! actions (`respond`, `cancel`, `pay`, …); this table only says which moves exist.
//!
//! ```text
//! REQUESTED → ACCEPTED | DECLINED | CANCELLED | EXPIRED
//! ACCEPTED → DEPOSIT_PAID | CANCELLED
//! DEPOSIT_PAID → DELIVERED | CANCELLED
//! DELIVERED → COMPLETED | DISPUTED
//! DISPUTED → COMPLETED | REFUNDED
//! ```

use openlance_core::transition::{Moves, State};
use openlance_core::{DomainError, Result};
use openlance_storage::transition::Machine;

/// Where an order stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    /// The buyer asked; the seller has not answered.
    Requested,
    /// The seller confirmed; the buyer owes the deposit.
    Accepted,
    /// The seller declined the request.
    Declined,
    /// Withdrawn by the buyer, by either party before the deposit, by both after it, or
    /// by an admin (the deposit is refunded).
    Cancelled,
    /// Nobody answered the request in time.
    Expired,
    /// The deposit is held in the order's escrow.
    DepositPaid,
    /// The seller says the work is done.
    Delivered,
    /// The seller was paid (escrow and balance, minus the platform fee).
    Completed,
    /// The buyer contests the delivery; an admin decides.
    Disputed,
    /// An admin refunded the deposit to the buyer.
    Refunded,
}

const ALL: [OrderStatus; 10] = [
    OrderStatus::Requested,
    OrderStatus::Accepted,
    OrderStatus::Declined,
    OrderStatus::Cancelled,
    OrderStatus::Expired,
    OrderStatus::DepositPaid,
    OrderStatus::Delivered,
    OrderStatus::Completed,
    OrderStatus::Disputed,
    OrderStatus::Refunded,
];

impl State for OrderStatus {
    const NOUN: &'static str = "order";

    fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "REQUESTED",
            Self::Accepted => "ACCEPTED",
            Self::Declined => "DECLINED",
            Self::Cancelled => "CANCELLED",
            Self::Expired => "EXPIRED",
            Self::DepositPaid => "DEPOSIT_PAID",
            Self::Delivered => "DELIVERED",
            Self::Completed => "COMPLETED",
            Self::Disputed => "DISPUTED",
            Self::Refunded => "REFUNDED",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl OrderStatus {
    pub fn as_str(&self) -> &'static str {
        State::as_str(*self)
    }

    /// Every state, in the order of the lifecycle.
    pub fn all() -> &'static [OrderStatus] {
        &ALL
    }

    pub(crate) fn stored(text: &str) -> Result<Self> {
        <Self as State>::parse(text)
            .ok_or_else(|| DomainError::internal(format!("unknown order status {text}")))
    }
}

pub(crate) const ORDER: Machine<OrderStatus> = Machine {
    table: "orders",
    transitions: "order_transitions",
    moves: Moves(&[
        (OrderStatus::Requested, OrderStatus::Accepted),
        (OrderStatus::Requested, OrderStatus::Declined),
        (OrderStatus::Requested, OrderStatus::Cancelled),
        (OrderStatus::Requested, OrderStatus::Expired),
        (OrderStatus::Accepted, OrderStatus::DepositPaid),
        (OrderStatus::Accepted, OrderStatus::Cancelled),
        (OrderStatus::DepositPaid, OrderStatus::Delivered),
        (OrderStatus::DepositPaid, OrderStatus::Cancelled),
        (OrderStatus::Delivered, OrderStatus::Completed),
        (OrderStatus::Delivered, OrderStatus::Disputed),
        (OrderStatus::Disputed, OrderStatus::Completed),
        (OrderStatus::Disputed, OrderStatus::Refunded),
    ]),
};

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn every_state_round_trips_through_its_text() {
        for s in OrderStatus::all() {
            assert_eq!(<OrderStatus as State>::parse(s.as_str()), Some(*s));
        }
        assert_eq!(<OrderStatus as State>::parse("PAID"), None);
    }

    #[test]
    fn only_the_lifecycle_moves_are_allowed() {
        let allowed = ORDER.moves.0.len();
        let mut counted = 0;
        for from in OrderStatus::all() {
            for to in OrderStatus::all() {
                if ORDER.moves.allows(*from, *to) {
                    counted += 1;
                }
            }
        }
        assert_eq!(counted, allowed);
        assert!(ORDER.moves.allows(Delivered, Completed));
        assert!(
            !ORDER.moves.allows(Accepted, Delivered),
            "no delivery before the deposit"
        );
        assert!(
            !ORDER.moves.allows(Delivered, Cancelled),
            "a delivery is disputed, not cancelled"
        );
        assert!(!ORDER.moves.allows(Completed, Refunded));
        for end in [Declined, Cancelled, Expired, Completed, Refunded] {
            assert!(
                OrderStatus::all()
                    .iter()
                    .all(|to| !ORDER.moves.allows(end, *to)),
                "{end:?} is final"
            );
        }
        let err = ORDER.moves.check(Completed, Disputed).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this order is COMPLETED; it cannot become DISPUTED"
        );
    }
}
