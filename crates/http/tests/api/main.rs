//! The HTTP API, driven in-process through the real router, on SQLite or (with
//! `OPENLANCE_TEST_DATABASE_URL`) PostgreSQL.

mod accounts;
mod foundation;
mod payments;
