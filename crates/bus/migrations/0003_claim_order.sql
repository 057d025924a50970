-- The relay claims the oldest due events: walking this index in `seq` order stops after one
-- batch, where `outbox_pending (next_attempt_at)` made it read and sort every pending event
-- (tens to hundreds of milliseconds a round behind a burst of writes).
CREATE INDEX outbox_pending_seq ON outbox (seq) WHERE published_at IS NULL;
