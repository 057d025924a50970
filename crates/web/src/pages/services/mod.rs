//! Browsing, viewing, ordering ("Get now") and listing services.

pub mod browse;
pub mod create;
pub mod edit;
pub mod get_now;
pub mod show;
