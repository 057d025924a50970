-- Proposals. Milestones and attachments are stored as JSON arrays in the proposal's row:
-- they are read and written only with it.
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    freelancer_id TEXT NOT NULL,
    cover_letter TEXT NOT NULL,
    duration TEXT NOT NULL,
    milestones TEXT NOT NULL,
    attachments TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL
);
-- One live (pending or accepted) proposal per freelancer per job, race-proof.
CREATE UNIQUE INDEX proposals_one_live ON proposals (job_id, freelancer_id)
    WHERE status IN ('PENDING', 'ACCEPTED');
CREATE INDEX proposals_job ON proposals (job_id, created_at);
CREATE INDEX proposals_freelancer ON proposals (freelancer_id, created_at);

CREATE TABLE proposal_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX proposal_transitions_subject ON proposal_transitions (subject_id, occurred_at);
