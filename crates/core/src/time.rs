//! Timestamps are stored as integer microseconds since the Unix epoch, which both
//! SQLite and PostgreSQL compare and index natively, and shown as RFC 3339 in JSON.

use chrono::{DateTime, TimeZone, Utc};

/// Microseconds since the Unix epoch, as stored in the database.
pub fn to_micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// The instant for a stored microsecond count; out-of-range values clamp to the epoch.
pub fn from_micros(us: i64) -> DateTime<Utc> {
    Utc.timestamp_micros(us).single().unwrap_or_default()
}
