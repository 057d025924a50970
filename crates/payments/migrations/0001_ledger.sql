-- The double-entry ledger. Every movement of money is one or more transfers, each
-- debiting one account and crediting another of the same currency, by a positive amount.
-- Wallet and escrow accounts keep a stored balance (credits minus debits), updated in the
-- transaction that writes their transfers with a conditional UPDATE that refuses to go
-- below zero. External (provider) and platform accounts may go negative; their balance
-- column is NULL and their balance is derived from transfers, so they never become a
-- row every payment has to lock.
CREATE TABLE ledger_accounts (
    id TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    purpose TEXT NOT NULL,
    balance BIGINT,
    created_at BIGINT NOT NULL,
    CONSTRAINT ledger_accounts_owner UNIQUE (owner_kind, owner_id, currency, purpose),
    CONSTRAINT ledger_accounts_non_negative CHECK (balance IS NULL OR balance >= 0)
);

CREATE TABLE ledger_transfers (
    id TEXT PRIMARY KEY,
    movement_id TEXT NOT NULL,
    debit_account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    credit_account_id TEXT NOT NULL REFERENCES ledger_accounts (id),
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    kind TEXT NOT NULL,
    reference_kind TEXT,
    reference_id TEXT,
    description TEXT,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    CONSTRAINT ledger_transfers_positive CHECK (amount > 0),
    CONSTRAINT ledger_transfers_distinct CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, created_at, id);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, created_at, id);
CREATE INDEX ledger_transfers_reference ON ledger_transfers (reference_kind, reference_id);

-- Who funded each escrow account (an order's or a milestone's), so a refund knows
-- where the money goes back and a wallet can show what its owner has in escrow.
CREATE TABLE ledger_escrows (
    account_id TEXT PRIMARY KEY REFERENCES ledger_accounts (id),
    payer_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ledger_escrows_payer ON ledger_escrows (payer_id);

-- Every call to a payment provider and its outcome (SUCCEEDED, PENDING, FAILED).
CREATE TABLE provider_operations (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    operation TEXT NOT NULL,
    provider_ref TEXT NOT NULL,
    user_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    settled_at BIGINT,
    CONSTRAINT provider_operations_ref UNIQUE (provider, provider_ref)
);

CREATE TABLE payment_requests (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    freelancer_id TEXT NOT NULL,
    contract_id TEXT NOT NULL,
    milestone_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL,
    fee BIGINT,
    created_at BIGINT NOT NULL,
    paid_at BIGINT,
    CONSTRAINT payment_requests_positive CHECK (amount > 0)
);
CREATE INDEX payment_requests_client ON payment_requests (client_id, created_at);
CREATE INDEX payment_requests_freelancer ON payment_requests (freelancer_id, created_at);
CREATE UNIQUE INDEX payment_requests_open_milestone ON payment_requests (milestone_id)
    WHERE status <> 'CANCELLED';

-- Idempotency-Key records: the first response to a key, replayed for repeats.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    response_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
