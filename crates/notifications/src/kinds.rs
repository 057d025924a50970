//! The kinds of notification: what a person can be told, whether it also shows in the app,
//! and whether it is a security message (always e-mailed, no unsubscribe link). Preferences
//! and unsubscribe links name these kinds; which event produces which kind for whom is the
//! table in [`crate::table`].

/// One kind of notification.
#[derive(Debug, PartialEq, Eq)]
pub struct Kind {
    /// Stable name, used in preferences, unsubscribe links and the API.
    pub name: &'static str,
    /// A security message: it cannot be turned off and carries no `List-Unsubscribe`.
    pub security: bool,
    /// Also listed in the app (verification and reset links are e-mail only).
    pub in_app: bool,
    /// What it is about, for the preferences page.
    pub description: &'static str,
}

macro_rules! kinds {
    ($($konst:ident = $name:literal, security: $security:literal, in_app: $in_app:literal, $description:literal;)+) => {
        $(pub const $konst: Kind = Kind {
            name: $name,
            security: $security,
            in_app: $in_app,
            description: $description,
        };)+

        /// Every kind, in the order the preferences page lists them.
        pub const ALL: &[&Kind] = &[$(&$konst),+];
    };
}

kinds! {
    WELCOME = "welcome", security: false, in_app: true, "Welcome to the marketplace";
    EMAIL_VERIFICATION = "email_verification", security: true, in_app: false,
        "A link to confirm your e-mail address";
    PASSWORD_RESET = "password_reset", security: true, in_app: false,
        "A link to reset your password";
    PASSWORD_CHANGED = "password_changed", security: true, in_app: true,
        "Your password was changed";
    SESSIONS_REVOKED = "sessions_revoked", security: true, in_app: true,
        "A leaked sign-in was detected and its sessions signed out";
    TOP_UP_RECEIPT = "top_up_receipt", security: false, in_app: true,
        "Receipt for money added to your wallet";
    WITHDRAWAL_RECEIPT = "withdrawal_receipt", security: false, in_app: true,
        "Receipt for a withdrawal from your wallet";
    WITHDRAWAL_FAILED = "withdrawal_failed", security: false, in_app: true,
        "A withdrawal failed and the money is back in your wallet";
    PROPOSAL_RECEIVED = "proposal_received", security: false, in_app: true,
        "A freelancer sent a proposal on your job";
    PROPOSAL_ACCEPTED = "proposal_accepted", security: false, in_app: true,
        "Your proposal was accepted";
    PROPOSAL_REJECTED = "proposal_rejected", security: false, in_app: true,
        "Your proposal was not chosen";
    MILESTONE_FUNDED = "milestone_funded", security: false, in_app: true,
        "A client funded a milestone of your contract";
    MILESTONE_SUBMITTED = "milestone_submitted", security: false, in_app: true,
        "A freelancer submitted a milestone for your review";
    CHANGES_REQUESTED = "changes_requested", security: false, in_app: true,
        "A client asked for changes to a milestone";
    MILESTONE_ACCEPTED = "milestone_accepted", security: false, in_app: true,
        "Your milestone was accepted";
    PAYMENT_RECEIVED = "payment_received", security: false, in_app: true,
        "You were paid for a milestone";
    CONTRACT_COMPLETED = "contract_completed", security: false, in_app: true,
        "Every milestone of a contract is paid";
    TERMINATION_REQUESTED = "termination_requested", security: false, in_app: true,
        "The other party asked to end a contract";
    TERMINATION_DECIDED = "termination_decided", security: false, in_app: true,
        "A request to end a contract was decided";
    ORDER_REQUESTED = "order_requested", security: false, in_app: true,
        "A buyer ordered one of your services";
    ORDER_ACCEPTED = "order_accepted", security: false, in_app: true,
        "A seller accepted your order";
    ORDER_DECLINED = "order_declined", security: false, in_app: true,
        "A seller declined your order";
    ORDER_CANCELLED = "order_cancelled", security: false, in_app: true,
        "An order of yours was cancelled";
    CANCELLATION_REQUESTED = "cancellation_requested", security: false, in_app: true,
        "The other party asked to cancel an order";
    ORDER_EXPIRED = "order_expired", security: false, in_app: true,
        "Your order request expired unanswered";
    DEPOSIT_PAID = "deposit_paid", security: false, in_app: true,
        "A buyer paid the deposit of an order";
    ORDER_DELIVERED = "order_delivered", security: false, in_app: true,
        "A seller delivered your order";
    ORDER_COMPLETED = "order_completed", security: false, in_app: true,
        "An order of yours is complete";
    ORDER_DISPUTED = "order_disputed", security: false, in_app: true,
        "A buyer disputed your delivery";
    DISPUTE_DECIDED = "dispute_decided", security: false, in_app: true,
        "An admin decided a dispute about your order";
    BALANCE_PAID = "balance_paid", security: false, in_app: true,
        "A buyer paid the balance of an order";
    REVIEW_RECEIVED = "review_received", security: false, in_app: true,
        "The other party of an order reviewed you";
}

/// The kind named `name`.
pub fn find(name: &str) -> Option<&'static Kind> {
    ALL.iter().copied().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        let mut names: Vec<_> = ALL.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        assert_eq!(find("password_reset"), Some(&PASSWORD_RESET));
        assert_eq!(find("nope"), None);
        // Names travel in unsubscribe links separated by dots.
        assert!(ALL.iter().all(|k| !k.name.contains('.')));
    }
}
