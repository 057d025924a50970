//! The reviews context against a real database: SQLite by default, PostgreSQL with
//! `OPENLANCE_TEST_DATABASE_URL`. Orders come from a test implementation of
//! `ReviewableOrders`.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

mod common;
mod double_blind;
mod plans;
mod ratings;
mod replies;
mod submit;
