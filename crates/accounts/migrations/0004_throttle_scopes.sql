-- One row per throttling scope ("pair:<email>|<address>", "email:<email>", "addr:<address>",
-- "<action>:<address>"). An attempt upserts its scopes' rows first, which on PostgreSQL
-- locks them until the transaction ends: the count-then-record step of concurrent
-- attempts on one scope runs one at a time, so every attempt is counted.
-- `login_failures` now holds every counted attempt of any scope, not only failed logins.
CREATE TABLE throttle_scopes (
    scope TEXT PRIMARY KEY,
    touched_at BIGINT NOT NULL
);
CREATE INDEX throttle_scopes_age ON throttle_scopes (touched_at);
