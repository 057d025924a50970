//! Payments: receipts for money the owner moved in or out of their wallet.

use openlance_payments::events::{TopUpSucceeded, WithdrawalFailed, WithdrawalSucceeded};

use super::{Entry, entry, money, user};
use crate::kinds::{TOP_UP_RECEIPT, WITHDRAWAL_FAILED, WITHDRAWAL_RECEIPT};
use crate::notice::Notice;

pub(super) const ENTRIES: &[Entry] = &[
    entry!(TopUpSucceeded, |p, _f| {
        let amount = money(p.amount, &p.currency);
        vec![
            Notice::to(
                user(&p.user_id)?,
                &TOP_UP_RECEIPT,
                format!("Receipt: {amount} added to your wallet"),
            )
            .body(format!(
                "{amount} was charged to your payment method and added to your wallet."
            ))
            .link("/wallet", "View my wallet"),
        ]
    }),
    entry!(WithdrawalSucceeded, |p, _f| {
        let amount = money(p.amount, &p.currency);
        vec![
            Notice::to(
                user(&p.user_id)?,
                &WITHDRAWAL_RECEIPT,
                format!("Receipt: {amount} withdrawn"),
            )
            .body(format!(
                "{amount} left your wallet and is on its way to you."
            ))
            .link("/wallet", "View my wallet"),
        ]
    }),
    entry!(WithdrawalFailed, |p, _f| {
        let amount = money(p.amount, &p.currency);
        vec![
            Notice::to(
                user(&p.user_id)?,
                &WITHDRAWAL_FAILED,
                format!("Your withdrawal of {amount} failed"),
            )
            .body(format!(
                "The payment provider could not pay out {amount}; the money is back in your wallet."
            ))
            .link("/wallet", "View my wallet"),
        ]
    }),
];
