-- Idempotency-Key records of state-changing requests (crates/http/src/idempotency.rs).
-- A claim is written before the work runs (status NULL while in progress, locked_at when
-- claimed); a 200/201 response is stored for replays; any other answer unlocks the claim
-- (locked_at = 0) and keeps created_at, which names the operation behind the key.
-- Rows older than 24 hours are pruned.
CREATE TABLE http_idempotency_keys (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    response_body TEXT,
    locked_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX http_idempotency_keys_created ON http_idempotency_keys (created_at);
