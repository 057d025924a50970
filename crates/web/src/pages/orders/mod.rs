//! The buyer's and the seller's orders: lists, one order with its next step, the
//! checkout, and the moves (confirm, decline, deliver, dispute, cancel).

pub mod act;
pub mod checkout;
pub mod list;
pub mod pay;
pub mod reply;
pub mod review;
pub mod show;

use openlance_orders::{Order, OrderStatus, Party};

/// What `party` should do next with `order`, in words ("" when it is the other side's
/// turn or the order is over).
pub fn next_step(order: &Order, party: Party) -> &'static str {
    use OrderStatus as S;
    match (order.status, party) {
        (S::Requested, Party::Seller) => "Confirm or decline the request",
        (S::Accepted, Party::Buyer) => "Make payment (deposit)",
        (S::DepositPaid, Party::Seller) => "Deliver, then mark delivered",
        (S::Delivered, Party::Buyer) => "Confirm completion and pay the balance",
        (S::Completed, Party::Buyer) if order.balance_due.amount > 0 => "Pay the balance due",
        _ => "",
    }
}

/// A state as people say it.
pub fn status_label(s: OrderStatus) -> &'static str {
    use OrderStatus as S;
    match s {
        S::Requested => "Requested",
        S::Accepted => "Confirmed",
        S::Declined => "Declined",
        S::Cancelled => "Cancelled",
        S::Expired => "Expired",
        S::DepositPaid => "Deposit paid",
        S::Delivered => "Delivered",
        S::Completed => "Completed",
        S::Disputed => "Disputed",
        S::Refunded => "Refunded",
    }
}
