//! Accounts routes.
