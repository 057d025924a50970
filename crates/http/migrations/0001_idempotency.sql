-- Idempotency-Key records of state-changing requests (crates/http/src/idempotency.rs).
-- A claim is written before the work runs (status NULL while in progress, locked_at when
-- claimed); a successful response is stored for replays; a failed one deletes the claim.
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
