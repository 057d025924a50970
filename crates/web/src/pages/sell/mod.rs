//! The seller's own listings: the list with pause / resume / archive. Listing a new
//! service is `services::create`.

pub mod list;
pub mod status;
