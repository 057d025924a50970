//! The orders' cases of the every-kind test: the buyer is the client, the seller the
//! freelancer; every order links to `/orders/{orderId}`.

use openlance_core::{Currency, Event, Money};
use openlance_orders::events::{
    BalancePaid, CancellationRequested, DepositPaid, DisputeRefunded, DisputeReleased,
    OrderAccepted, OrderCancelled, OrderCompleted, OrderDeclined, OrderDelivered, OrderDisputed,
    OrderExpired, OrderRequested,
};

use openlance_reviews::events::ReviewSubmitted;

use super::{CLIENT, Expect, FREELANCER, ev, expect};

/// Every order event with whom it tells, for client `c` (buyer) and freelancer `f` (seller).
pub(super) fn cases(c: &str, f: &str) -> Vec<(Event, Vec<Expect>)> {
    let usd = |cents: i64| Money::new(cents, Currency::USD);
    macro_rules! order {
        ($kind:ident { $($field:ident: $value:expr),* $(,)? }) => {
            ev(&$kind {
                order_id: "o-1".into(),
                service_id: "s-1".into(),
                service_title: "Dog walking".into(),
                buyer_id: c.to_string(),
                seller_id: f.to_string(),
                $($field: $value),*
            })
        };
    }
    let order_link = "/orders/o-1";
    vec![
        (
            order!(OrderRequested {
                price: usd(5000),
                deposit: usd(1000),
                requirements: "two dogs".into(),
                scheduled_for: None
            }),
            vec![expect(
                FREELANCER,
                "New order for “Dog walking”",
                order_link,
            )],
        ),
        (
            order!(OrderAccepted { deposit: usd(1000) }),
            vec![expect(CLIENT, "Your order was accepted", order_link)],
        ),
        (
            order!(OrderDeclined {
                reason: "fully booked".into()
            }),
            vec![expect(CLIENT, "Your order was declined", order_link)],
        ),
        (
            order!(OrderCancelled {
                cancelled_by: c.to_string(),
                by_admin: false,
                reason: None,
                refunded: usd(0)
            }),
            vec![expect(FREELANCER, "Your order was cancelled", order_link)],
        ),
        (
            order!(CancellationRequested {
                requested_by: f.to_string(),
                reason: Some("sick".into())
            }),
            vec![expect(
                CLIENT,
                "The other party asked to cancel your order",
                order_link,
            )],
        ),
        (
            order!(OrderExpired {}),
            vec![expect(CLIENT, "Your order request expired", order_link)],
        ),
        (
            order!(DepositPaid { amount: usd(1000) }),
            vec![expect(
                FREELANCER,
                "Deposit paid: you can start",
                order_link,
            )],
        ),
        (
            order!(OrderDelivered {}),
            vec![expect(CLIENT, "Your order was delivered", order_link)],
        ),
        (
            order!(OrderCompleted {
                automatic: false,
                paid_out: usd(5000),
                fee: usd(500),
                net: usd(4500),
                balance_due: usd(0)
            }),
            vec![expect(
                FREELANCER,
                "Order completed: 45.00 USD paid to you",
                order_link,
            )],
        ),
        (
            order!(OrderDisputed {
                reason: "late".into()
            }),
            vec![expect(FREELANCER, "Your delivery was disputed", order_link)],
        ),
        (
            order!(DisputeReleased {
                admin_id: "a".into(),
                note: "delivered".into(),
                paid_out: usd(5000),
                fee: usd(500),
                net: usd(4500),
                balance_due: usd(0)
            }),
            vec![
                expect(
                    FREELANCER,
                    "Dispute decided for you: 45.00 USD paid to you",
                    order_link,
                ),
                expect(CLIENT, "Dispute decided for the seller", order_link),
            ],
        ),
        (
            order!(DisputeRefunded {
                admin_id: "a".into(),
                note: "not delivered".into(),
                refunded: usd(1000)
            }),
            vec![
                expect(
                    CLIENT,
                    "Dispute decided for you: 10.00 USD refunded",
                    order_link,
                ),
                expect(FREELANCER, "Dispute decided for the buyer", order_link),
            ],
        ),
        (
            order!(BalancePaid {
                paid_out: usd(4000),
                fee: usd(400),
                net: usd(3600)
            }),
            vec![expect(
                FREELANCER,
                "Balance paid: 36.00 USD paid to you",
                order_link,
            )],
        ),
        (
            ev(&ReviewSubmitted {
                review_id: "r-1".into(),
                order_id: "o-1".into(),
                service_id: "s-1".into(),
                author_id: c.to_string(),
                subject_id: f.to_string(),
                rating: 5,
            }),
            vec![expect(FREELANCER, "You received a review", order_link)],
        ),
    ]
}
