//! The contracts context against a real database: SQLite by default, PostgreSQL with
//! `OPENLANCE_TEST_DATABASE_URL`.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

mod common;
mod funding;
mod lifecycle;
mod terminations;
mod timer;
