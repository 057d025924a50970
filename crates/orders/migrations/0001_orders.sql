-- Orders: bookings of catalog services. Each copies the service's title, price, deposit
-- and balance when it is placed (a later price change does not touch it). Money in minor
-- units of `currency`; times in microseconds since the epoch.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    service_title TEXT NOT NULL,
    buyer_id TEXT NOT NULL,
    seller_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    price BIGINT NOT NULL,
    deposit BIGINT NOT NULL,
    balance BIGINT NOT NULL,
    requirements TEXT NOT NULL,
    scheduled_for BIGINT,
    status TEXT NOT NULL,
    -- The party who asked to cancel a DEPOSIT_PAID order; the other party must agree.
    cancellation_requested_by TEXT,
    dispute_reason TEXT,
    -- What the buyer still owes after a completion that could not take the balance
    -- from the wallet (the auto-complete timer, an admin's release); 0 once paid.
    balance_due BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT,
    completed_at BIGINT
);
CREATE INDEX orders_buyer ON orders (buyer_id, id);
CREATE INDEX orders_seller ON orders (seller_id, id);
-- The timers' and the dispute list's walks: only the rows in that state are indexed.
CREATE INDEX orders_requested_due ON orders (created_at) WHERE status = 'REQUESTED';
CREATE INDEX orders_delivered_due ON orders (delivered_at) WHERE status = 'DELIVERED';
CREATE INDEX orders_disputed ON orders (id) WHERE status = 'DISPUTED';

CREATE TABLE order_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX order_transitions_subject ON order_transitions (subject_id, occurred_at);
