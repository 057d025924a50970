-- In-app notifications: one row per (event, recipient), so a redelivered event adds nothing.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    UNIQUE (event_id, user_id)
);
-- A user's list, newest first, and their unread count.
CREATE INDEX notifications_by_user ON notifications (user_id, created_at, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- E-mails to send: one row per (event, recipient), written with the in-app rows in the
-- consumer's transaction and sent later by the delivery worker with no transaction open.
-- `notice` is what the message says (no secret: a reset link is minted at send time).
CREATE TABLE email_deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    notice TEXT NOT NULL,
    message_id TEXT NOT NULL,
    -- pending → sent | skipped (no one to write to any more) | dead (gave up)
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- When it is due; while a worker sends it, the end of that worker's lease.
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (event_id, user_id)
);
CREATE INDEX email_deliveries_due ON email_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_deliveries_dead ON email_deliveries (finished_at) WHERE status = 'dead';

-- The kinds a user turned e-mail off for (every kind is on until then).
CREATE TABLE email_opt_outs (
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
