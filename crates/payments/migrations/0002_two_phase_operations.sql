-- Provider operations become two-phase: a row is written as PENDING, with the idempotency
-- key sent to the provider, before the provider is called (so a crash or a timeout after
-- the provider acted leaves a record to settle), and settled afterwards. The provider's
-- reference is unknown until it answers, so it becomes nullable; the key is unique.
ALTER TABLE provider_operations RENAME TO provider_operations_0001;

CREATE TABLE provider_operations (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    -- What was asked of the provider: `charge` or `payout`.
    operation TEXT NOT NULL,
    -- What the money is for: `top_up`, `withdrawal` or `payment_request`.
    purpose TEXT NOT NULL,
    -- Sent to the provider; the same on every retry of the same operation.
    idempotency_key TEXT NOT NULL,
    provider_ref TEXT,
    user_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    payment_method TEXT,
    -- The payment request a `payment_request` charge pays.
    subject_id TEXT,
    description TEXT,
    status TEXT NOT NULL,
    failure_code TEXT,
    failure_message TEXT,
    created_at BIGINT NOT NULL,
    settled_at BIGINT,
    -- When the reconciler last asked the provider about it (it asks the least recently
    -- asked first, so operations the provider keeps pending never starve the others).
    checked_at BIGINT,
    CONSTRAINT provider_operations_idempotency UNIQUE (provider, idempotency_key),
    CONSTRAINT provider_operations_reference UNIQUE (provider, provider_ref)
);
CREATE INDEX provider_operations_pending ON provider_operations (status, created_at);
-- At most one charge in flight per payment request: a second payer with another key waits.
CREATE UNIQUE INDEX provider_operations_one_pending_charge ON provider_operations (subject_id)
    WHERE status = 'PENDING' AND purpose = 'payment_request';

INSERT INTO provider_operations (id, provider, operation, purpose, idempotency_key, provider_ref,
    user_id, amount, currency, status, created_at, settled_at)
SELECT id, provider, operation,
       CASE WHEN operation = 'payout' THEN 'withdrawal' ELSE 'top_up' END,
       id, provider_ref, user_id, amount, currency, status, created_at, settled_at
FROM provider_operations_0001;
DROP TABLE provider_operations_0001;

-- One escrow holds one currency: a second escrow account for the same order or
-- milestone in another currency is refused even when two holds race.
CREATE UNIQUE INDEX ledger_accounts_one_escrow_currency
    ON ledger_accounts (owner_kind, owner_id, purpose) WHERE purpose = 'escrow';

-- The audit trail of payment requests (PENDING → PAID, PENDING → CANCELLED).
CREATE TABLE payment_request_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX payment_request_transitions_subject
    ON payment_request_transitions (subject_id, occurred_at);

-- Idempotency-Key records moved to the HTTP edge (`http_idempotency_keys`).
DROP TABLE idempotency_keys;
