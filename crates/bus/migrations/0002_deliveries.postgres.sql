-- A receipt is taken ('claimed') before a consumer's effect and finished ('done') after it;
-- 'dead' marks an event given up on for that consumer (see dead_letters).
ALTER TABLE consumed_events ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
CREATE TABLE delivery_attempts (
    consumer TEXT NOT NULL,
    event_id TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE TABLE dead_letters (
    id BIGSERIAL PRIMARY KEY,
    consumer TEXT NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT NOT NULL,
    outcome TEXT NOT NULL,
    dead_at BIGINT NOT NULL,
    UNIQUE (consumer, event_id)
);
-- The relay's per-subject ordering looks for an earlier unpublished event of a subject.
CREATE INDEX outbox_subject_pending ON outbox (subject, seq) WHERE published_at IS NULL;
