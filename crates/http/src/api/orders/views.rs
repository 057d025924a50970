//! How orders look in JSON: money as minor units and a currency, times in RFC 3339,
//! and the answer of a paying action whose card charge is still pending.

use chrono::{DateTime, Utc};
use openlance_core::Money;
use openlance_orders::{HistoryEntry, Order, OrderStatus, Payment};
use serde::Serialize;
use utoipa::ToSchema;

/// An order, as its buyer and seller see it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: String,
    pub service_id: String,
    /// The service's title when it was ordered.
    pub service_title: String,
    pub buyer_id: String,
    pub seller_id: String,
    /// The service's price when it was ordered.
    pub price: Money,
    /// Paid up front and held in escrow: price × deposit percent, rounded down.
    pub deposit: Money,
    /// The rest of the price, paid on completion.
    pub balance: Money,
    /// What the buyer still owes after a completion their wallet could not pay
    /// (`POST /api/v1/orders/{orderId}/pay-balance`); zero otherwise.
    pub balance_due: Money,
    pub requirements: String,
    pub scheduled_for: Option<DateTime<Utc>>,
    pub status: OrderStatus,
    /// Who asked to cancel this DEPOSIT_PAID order; the other party's cancel agrees.
    pub cancellation_requested_by: Option<String>,
    pub dispute_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<Order> for OrderView {
    fn from(o: Order) -> Self {
        Self {
            id: o.id.to_string(),
            service_id: o.service_id,
            service_title: o.service_title,
            buyer_id: o.buyer_id.to_string(),
            seller_id: o.seller_id.to_string(),
            price: o.price,
            deposit: o.deposit,
            balance: o.balance,
            balance_due: o.balance_due,
            requirements: o.requirements,
            scheduled_for: o.scheduled_for,
            status: o.status,
            cancellation_requested_by: o.cancellation_requested_by.map(|u| u.to_string()),
            dispute_reason: o.dispute_reason,
            created_at: o.created_at,
            delivered_at: o.delivered_at,
            completed_at: o.completed_at,
        }
    }
}

/// One recorded change of an order.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
    /// Absent for the placing of the order.
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    /// Who did it; absent for a timer.
    pub actor_id: Option<String>,
    /// A reason, an admin's note or a timer's note.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<HistoryEntry> for HistoryView {
    fn from(e: HistoryEntry) -> Self {
        Self {
            from: e.from,
            to: e.to,
            actor_id: e.actor_id.map(|a| a.to_string()),
            reason: e.reason,
            at: e.at,
        }
    }
}

/// A page of orders.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderPage {
    pub items: Vec<OrderView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl From<openlance_core::Page<Order>> for OrderPage {
    fn from(page: openlance_core::Page<Order>) -> Self {
        Self {
            next_cursor: page.next_cursor,
            items: page.items.into_iter().map(Into::into).collect(),
        }
    }
}

/// The answer while a card charge is pending (202): nothing moved on the order yet.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPending {
    /// `PENDING`: send the same request again (with the same Idempotency-Key, if any)
    /// once the charge is confirmed; the card is not charged twice.
    pub status: &'static str,
    pub operation_id: String,
}

/// The reply of a paying action: 200 with the order, or 202 while the card is pending.
pub fn payment_reply(payment: Payment) -> crate::idempotency::Reply {
    use axum::http::StatusCode;
    match payment {
        Payment::Done(order) => {
            crate::idempotency::Reply::json(StatusCode::OK, &OrderView::from(*order))
        }
        Payment::Pending { operation_id } => crate::idempotency::Reply::json(
            StatusCode::ACCEPTED,
            &PaymentPending {
                status: "PENDING",
                operation_id: operation_id.to_string(),
            },
        ),
    }
}
