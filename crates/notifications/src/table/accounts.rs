//! Accounts: the welcome, the verification and reset links (minted at send time) and the
//! security notices. Each tells the account holder.

use openlance_accounts::events::{
    EmailVerificationRequested, PasswordChanged, PasswordResetRequested, RefreshTokenReplayed,
    UserRegistered,
};

use super::{Entry, entry};
use crate::kinds::{
    EMAIL_VERIFICATION, PASSWORD_CHANGED, PASSWORD_RESET, SESSIONS_REVOKED, WELCOME,
};
use crate::notice::Notice;

pub(super) const ENTRIES: &[Entry] = &[
    entry!(UserRegistered, |p, facts| vec![
        Notice::to(
            p.user_id,
            &WELCOME,
            format!("Welcome to {}", facts.marketplace)
        )
        .body("Your account is ready. Post a job, list a service, or browse what others offer.")
        .link("/", "Open the marketplace")
    ]),
    entry!(EmailVerificationRequested, |p, _f| {
        vec![
        Notice::to(p.user_id, &EMAIL_VERIFICATION, "Confirm your e-mail address")
            .body("Confirm your e-mail address with the link below. If you did not ask for this, ignore this message.")
            .link("/verify-email", "Confirm my address")
            .account_link(p.request_id)
    ]
    }),
    entry!(PasswordResetRequested, |p, _f| {
        vec![
        Notice::to(p.user_id, &PASSWORD_RESET, "Reset your password")
            .body("Set a new password with the link below; it works once. If you did not ask for this, your password is unchanged and you can ignore this message.")
            .link("/reset-password", "Set a new password")
            .account_link(p.request_id)
    ]
    }),
    entry!(PasswordChanged, |p, _f| {
        vec![
        Notice::to(p.user_id, &PASSWORD_CHANGED, "Your password was changed")
            .body("Your password was changed and every session was signed out. If this was not you, reset your password now.")
            .link("/forgot-password", "Reset my password")
    ]
    }),
    entry!(RefreshTokenReplayed, |p, _f| {
        vec![
        Notice::to(p.user_id, &SESSIONS_REVOKED, "We signed out a session of yours")
            .body("A sign-in of your account was used twice, so a copy of it may have leaked: we signed it out on every device. If you did not just sign in again, change your password.")
            .link("/forgot-password", "Change my password")
    ]
    }),
];
