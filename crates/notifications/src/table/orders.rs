//! Orders (bookings): each transition tells the other party. The seller hears of a new
//! request, the deposit, completion, a dispute and the balance; the buyer of acceptance,
//! decline, delivery, expiry; a cancellation goes to the party who did not cancel (both
//! when an admin did), a dispute's decision to both.

use openlance_orders::events::{
    BalancePaid, CancellationRequested, DepositPaid, DisputeRefunded, DisputeReleased,
    OrderAccepted, OrderCancelled, OrderCompleted, OrderDeclined, OrderDelivered, OrderDisputed,
    OrderExpired, OrderRequested,
};

use super::{Entry, entry, quote, user};
use crate::kinds::{
    BALANCE_PAID, CANCELLATION_REQUESTED, DEPOSIT_PAID, DISPUTE_DECIDED, ORDER_ACCEPTED,
    ORDER_CANCELLED, ORDER_COMPLETED, ORDER_DECLINED, ORDER_DELIVERED, ORDER_DISPUTED,
    ORDER_EXPIRED, ORDER_REQUESTED,
};
use crate::notice::Notice;

fn order_path(order: &str) -> String {
    format!("/orders/{order}")
}

/// `: “reason”` when there is one.
fn because(reason: Option<&str>) -> String {
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() => format!(": {}", quote(r)),
        _ => String::new(),
    }
}

/// The party of the order who is not `actor`.
fn other<'a>(buyer: &'a str, seller: &'a str, actor: &str) -> &'a str {
    if actor == buyer { seller } else { buyer }
}

pub(super) const ENTRIES: &[Entry] = &[
    entry!(OrderRequested, |p, _f| vec![
        Notice::to(
            user(&p.seller_id)?,
            &ORDER_REQUESTED,
            format!("New order for “{}”", p.service_title)
        )
        .body(format!(
            "A buyer ordered your service for {}. Accept or decline it before the request expires.",
            p.price
        ))
        .link(order_path(&p.order_id), "Answer the request")
    ]),
    entry!(OrderAccepted, |p, _f| vec![
        Notice::to(
            user(&p.buyer_id)?,
            &ORDER_ACCEPTED,
            "Your order was accepted"
        )
        .body(format!(
            "The seller accepted your order for “{}”. Pay the deposit of {} to get it started.",
            p.service_title, p.deposit
        ))
        .link(order_path(&p.order_id), "Pay the deposit")
    ]),
    entry!(OrderDeclined, |p, _f| vec![
        Notice::to(
            user(&p.buyer_id)?,
            &ORDER_DECLINED,
            "Your order was declined"
        )
        .body(format!(
            "The seller declined your order for “{}”{}. Nothing was charged.",
            p.service_title,
            because(Some(&p.reason))
        ))
        .link(order_path(&p.order_id), "View the order")
    ]),
    entry!(OrderCancelled, |p, _f| {
        let refund = if p.refunded.amount > 0 {
            format!(" {} went back to the buyer's wallet.", p.refunded)
        } else {
            String::new()
        };
        let by = if p.by_admin { " by an admin" } else { "" };
        let body = format!(
            "The order for “{}” was cancelled{by}{}.{refund}",
            p.service_title,
            because(p.reason.as_deref())
        );
        let told = if p.by_admin {
            vec![p.buyer_id.as_str(), p.seller_id.as_str()]
        } else {
            vec![other(&p.buyer_id, &p.seller_id, &p.cancelled_by)]
        };
        told.into_iter()
            .map(|who| {
                Ok(
                    Notice::to(user(who)?, &ORDER_CANCELLED, "Your order was cancelled")
                        .body(body.clone())
                        .link(order_path(&p.order_id), "View the order"),
                )
            })
            .collect::<Result<Vec<_>, String>>()?
    }),
    entry!(CancellationRequested, |p, _f| vec![
        Notice::to(
            user(other(&p.buyer_id, &p.seller_id, &p.requested_by))?,
            &CANCELLATION_REQUESTED,
            "The other party asked to cancel your order"
        )
        .body(format!(
            "The other party asked to cancel the order for “{}”{}. Cancel it too to agree.",
            p.service_title,
            because(p.reason.as_deref())
        ))
        .link(order_path(&p.order_id), "Answer the request")
    ]),
    entry!(OrderExpired, |p, _f| vec![
        Notice::to(
            user(&p.buyer_id)?,
            &ORDER_EXPIRED,
            "Your order request expired"
        )
        .body(format!(
            "The seller did not answer your order for “{}” in time. Nothing was charged.",
            p.service_title
        ))
        .link(order_path(&p.order_id), "View the order")
    ]),
    entry!(DepositPaid, |p, _f| {
        vec![
        Notice::to(user(&p.seller_id)?, &DEPOSIT_PAID, "Deposit paid: you can start")
            .body(format!("The buyer paid the deposit of {} for “{}”; it is held in escrow until the order completes.", p.amount, p.service_title))
            .link(order_path(&p.order_id), "Open the order")
    ]
    }),
    entry!(OrderDelivered, |p, _f| {
        vec![
        Notice::to(user(&p.buyer_id)?, &ORDER_DELIVERED, "Your order was delivered")
            .body(format!("The seller delivered “{}”. Confirm it to complete the order and pay the balance, or open a dispute.", p.service_title))
            .link(order_path(&p.order_id), "Review the delivery")
    ]
    }),
    entry!(OrderCompleted, |p, _f| {
        let how = if p.automatic {
            " automatically at the end of its review period"
        } else {
            ""
        };
        let mut told = vec![
            Notice::to(
                user(&p.seller_id)?,
                &ORDER_COMPLETED,
                format!("Order completed: {} paid to you", p.net),
            )
            .body(format!(
                "The order for “{}” was completed{how}: {} is in your wallet (after a fee of {}).",
                p.service_title, p.net, p.fee
            ))
            .link(order_path(&p.order_id), "View the order"),
        ];
        if p.balance_due.amount > 0 {
            told.push(
                Notice::to(user(&p.buyer_id)?, &ORDER_COMPLETED, format!("Balance due on your order: {}", p.balance_due))
                    .body(format!("The order for “{}” was completed{how}, but your wallet could not pay its balance of {}. Pay it to settle the order.", p.service_title, p.balance_due))
                    .link(order_path(&p.order_id), "Pay the balance"),
            );
        }
        told
    }),
    entry!(OrderDisputed, |p, _f| vec![
        Notice::to(
            user(&p.seller_id)?,
            &ORDER_DISPUTED,
            "Your delivery was disputed"
        )
        .body(format!(
            "The buyer disputed your delivery of “{}”{}. An admin will decide.",
            p.service_title,
            because(Some(&p.reason))
        ))
        .link(order_path(&p.order_id), "View the order")
    ]),
    entry!(DisputeReleased, |p, _f| vec![
        Notice::to(
            user(&p.seller_id)?,
            &DISPUTE_DECIDED,
            format!("Dispute decided for you: {} paid to you", p.net)
        )
        .body(format!(
            "An admin released the disputed order for “{}” to you{}.",
            p.service_title,
            because(Some(&p.note))
        ))
        .link(order_path(&p.order_id), "View the order"),
        Notice::to(
            user(&p.buyer_id)?,
            &DISPUTE_DECIDED,
            "Dispute decided for the seller"
        )
        .body(format!(
            "An admin released the disputed order for “{}” to the seller{}.",
            p.service_title,
            because(Some(&p.note))
        ))
        .link(order_path(&p.order_id), "View the order"),
    ]),
    entry!(DisputeRefunded, |p, _f| vec![
        Notice::to(
            user(&p.buyer_id)?,
            &DISPUTE_DECIDED,
            format!("Dispute decided for you: {} refunded", p.refunded)
        )
        .body(format!(
            "An admin refunded the disputed order for “{}” to your wallet{}.",
            p.service_title,
            because(Some(&p.note))
        ))
        .link(order_path(&p.order_id), "View the order"),
        Notice::to(
            user(&p.seller_id)?,
            &DISPUTE_DECIDED,
            "Dispute decided for the buyer"
        )
        .body(format!(
            "An admin refunded the disputed order for “{}” to the buyer{}.",
            p.service_title,
            because(Some(&p.note))
        ))
        .link(order_path(&p.order_id), "View the order"),
    ]),
    entry!(BalancePaid, |p, _f| vec![
        Notice::to(
            user(&p.seller_id)?,
            &BALANCE_PAID,
            format!("Balance paid: {} paid to you", p.net)
        )
        .body(format!(
            "The buyer paid the balance of “{}”: {} is in your wallet (after a fee of {}).",
            p.service_title, p.net, p.fee
        ))
        .link(order_path(&p.order_id), "View the order")
    ]),
];
