-- Contracts (one per accepted proposal), their milestones in order, and termination
-- requests; each machine keeps its audit trail in its own transitions table.
CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    job_title TEXT NOT NULL,
    proposal_id TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL,
    freelancer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX contracts_client ON contracts (client_id, id);
CREATE INDEX contracts_freelancer ON contracts (freelancer_id, id);

CREATE TABLE milestones (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL,
    -- When it last went IN_REVIEW (microseconds): the review timer's clock.
    in_review_since BIGINT,
    -- What the client put in its escrow (minor units), 0 when not funded.
    funded BIGINT NOT NULL DEFAULT 0,
    payment_request_id TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (contract_id, position)
);
CREATE INDEX milestones_review_due ON milestones (status, in_review_since);

CREATE TABLE termination_requests (
    id TEXT PRIMARY KEY,
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    requester_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    created_at BIGINT NOT NULL
);
-- One open termination request per contract.
CREATE UNIQUE INDEX termination_requests_one_open
    ON termination_requests (contract_id) WHERE status = 'PENDING';

CREATE TABLE contract_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX contract_transitions_subject ON contract_transitions (subject_id, occurred_at);

CREATE TABLE milestone_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX milestone_transitions_subject ON milestone_transitions (subject_id, occurred_at);

CREATE TABLE termination_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX termination_transitions_subject
    ON termination_transitions (subject_id, occurred_at);
