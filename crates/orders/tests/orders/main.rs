//! The orders context against a real database: SQLite by default, PostgreSQL with
//! `OPENLANCE_TEST_DATABASE_URL`.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

mod cancel;
mod common;
mod concurrency;
mod disputes;
mod money;
mod timers;
mod transitions;
