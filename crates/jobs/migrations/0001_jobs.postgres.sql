-- Jobs. `seq` is a monotonically increasing sequence (newer = larger): the key of
-- newest-first pages and of their cursors. `search` is the stemmed text of title,
-- description and skills, kept in sync by PostgreSQL itself (a generated column).
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    client_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT,
    budget_amount BIGINT,
    budget_currency TEXT,
    skills TEXT NOT NULL,
    skills_key TEXT NOT NULL,
    skills_text TEXT NOT NULL,
    experience TEXT,
    duration TEXT,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('english', title || ' ' || description || ' ' || skills_text)
    ) STORED
);
CREATE INDEX jobs_client ON jobs (client_id, seq);
-- Newest open jobs first: walked backwards, filtered by the other conditions.
CREATE INDEX jobs_open_seq ON jobs (seq) WHERE status = 'OPEN';
-- Keyword matches of open jobs.
CREATE INDEX jobs_open_search ON jobs USING GIN (search) WHERE status = 'OPEN';

CREATE TABLE job_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX job_transitions_subject ON job_transitions (subject_id, occurred_at);
