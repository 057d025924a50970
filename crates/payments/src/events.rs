//! The events of the payments context about a user's own money going in and out through
//! the payment provider, one payload struct per kind, written in the transaction that
//! settles the provider operation (for the receipts the notifications context sends).
//! The subject is the provider operation. `payments.payment_request_paid` lives with
//! payment requests.

use openlance_core::EventPayload;
use serde::{Deserialize, Serialize};

macro_rules! event {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub operation_id: String,
            pub user_id: String,
            /// Minor units.
            pub amount: i64,
            pub currency: String,
        }

        impl EventPayload for $name {
            const KIND: &'static str = $kind;
            fn subject(&self) -> String {
                self.operation_id.clone()
            }
        }
    };
}

event!(
    /// A top-up was charged and credited to the user's wallet.
    TopUpSucceeded, "payments.top_up_succeeded"
);
event!(
    /// A withdrawal was paid out by the provider.
    WithdrawalSucceeded, "payments.withdrawal_succeeded"
);
event!(
    /// The provider refused a withdrawal; the amount is back in the user's wallet.
    WithdrawalFailed, "payments.withdrawal_failed"
);
