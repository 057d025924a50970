//! Typed ids of the payments context.

use openlance_core::define_id;

define_id!(
    /// A ledger account: a wallet, an escrow, the platform's fees, a provider's external account.
    AccountId
);
define_id!(
    /// One ledger transfer (a debit of one account and a credit of another).
    TransferId
);
define_id!(
    /// The transfers of one operation, written together.
    MovementId
);
define_id!(
    /// A request from a freelancer to be paid for an accepted milestone.
    PaymentRequestId
);
define_id!(
    /// One call to a payment provider (a charge, a payout, a refund).
    ProviderOperationId
);
