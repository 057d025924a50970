//! The HTTP API, driven in-process through the real router, on SQLite or (with
//! `OPENLANCE_TEST_DATABASE_URL`) PostgreSQL.

#![allow(
    clippy::unwrap_used,
    reason = "a test that cannot unwrap should fail loudly"
)]

mod accounts;
mod assembly;
mod booking_journey;
mod contracts;
mod foundation;
mod jobs;
mod journey;
mod notifications;
mod nul_bytes;
mod orders;
mod payments;
mod reviews;
mod services;
mod serving;
mod workup_envelope;
mod workup_journey;
