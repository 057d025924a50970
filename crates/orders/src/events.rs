//! The events of the orders context, one payload struct per kind, written to the outbox
//! in the transaction of the change (for notifications: each transition tells the other
//! party). Every payload carries the order, its service (id and title as ordered), the
//! buyer and the seller; some add a reason, a note or the money that moved. The subject
//! is the order, so one order's events are delivered in the order they happened.

use openlance_core::{EventPayload, Money};
use serde::{Deserialize, Serialize};

/// Declares one event kind: the five fields every order event carries, then its own.
macro_rules! event {
    ($(#[$meta:meta])* $name:ident, $kind:literal {
        $($(#[$fmeta:meta])* $field:ident: $ty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub order_id: String,
            pub service_id: String,
            pub service_title: String,
            pub buyer_id: String,
            pub seller_id: String,
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl EventPayload for $name {
            const KIND: &'static str = $kind;
            fn subject(&self) -> String {
                self.order_id.clone()
            }
        }
    };
}

event!(
    /// A buyer ordered a service ("Get now"); the seller is asked to confirm.
    OrderRequested, "orders.order_requested" {
        price: Money, deposit: Money, requirements: String,
        /// RFC 3339, when the buyer wants it done.
        scheduled_for: Option<String>,
    }
);
event!(
    /// The seller confirmed the request; the buyer owes the deposit.
    OrderAccepted, "orders.order_accepted" { deposit: Money }
);
event!(
    /// The seller declined the request.
    OrderDeclined, "orders.order_declined" { reason: String }
);
event!(
    /// The order was cancelled: by the buyer, by either party before the deposit, by
    /// both after it (the second party's cancel), or by an admin (`by_admin`, with a note).
    OrderCancelled, "orders.order_cancelled" {
        cancelled_by: String, by_admin: bool, reason: Option<String>,
        /// What went back to the buyer's wallet (zero before the deposit).
        refunded: Money,
    }
);
event!(
    /// One party asked to cancel a paid order; the other party must agree.
    CancellationRequested, "orders.cancellation_requested" {
        requested_by: String, reason: Option<String>,
    }
);
event!(
    /// Nobody answered the request in time.
    OrderExpired, "orders.order_expired" {}
);
event!(
    /// The buyer paid the deposit; it is held in the order's escrow.
    DepositPaid, "orders.deposit_paid" { amount: Money }
);
event!(
    /// The seller marked the order done.
    OrderDelivered, "orders.order_delivered" {}
);
event!(
    /// The order is complete and the seller paid: confirmed by the buyer, or
    /// automatically (`automatic`) after the delivery period. `balance_due` is what the
    /// buyer still owes when the wallet could not pay the balance.
    OrderCompleted, "orders.order_completed" {
        automatic: bool,
        /// What left the escrow for the seller (before the fee).
        paid_out: Money, fee: Money, net: Money, balance_due: Money,
    }
);
event!(
    /// The buyer disputed the delivery; an admin decides.
    OrderDisputed, "orders.order_disputed" { reason: String }
);
event!(
    /// An admin released a disputed order to the seller (it is COMPLETED).
    DisputeReleased, "orders.dispute_released" {
        admin_id: String, note: String,
        paid_out: Money, fee: Money, net: Money, balance_due: Money,
    }
);
event!(
    /// An admin refunded a disputed order's deposit to the buyer (it is REFUNDED).
    DisputeRefunded, "orders.dispute_refunded" {
        admin_id: String, note: String, refunded: Money,
    }
);
event!(
    /// The buyer paid a completed order's balance due; it went to the seller minus the fee.
    BalancePaid, "orders.balance_paid" { paid_out: Money, fee: Money, net: Money }
);

#[cfg(test)]
mod tests {
    use super::*;
    use openlance_core::{Currency, Event};

    #[test]
    fn an_event_carries_the_order_and_its_parties_in_camel_case() {
        let paid = DepositPaid {
            order_id: "o".into(),
            service_id: "s".into(),
            service_title: "Dog walking".into(),
            buyer_id: "b".into(),
            seller_id: "x".into(),
            amount: Money::new(2_500, Currency::USD),
        };
        let event = Event::of(&paid, chrono::Utc::now());
        assert_eq!(event.kind, "orders.deposit_paid");
        assert_eq!(event.subject, "o");
        assert_eq!(event.payload["serviceTitle"], "Dog walking");
        assert_eq!(event.payload["amount"]["amount"], 2_500);
        assert_eq!(event.decode::<DepositPaid>().unwrap(), Some(paid));
    }
}
