//! People: a member's public profile with their rating, reviews and listings.

pub mod show;
