//! The visitor's own account: their profile, edited.

pub mod edit;
