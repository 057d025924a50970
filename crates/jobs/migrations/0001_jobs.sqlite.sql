-- Jobs. `seq` is the job's rowid: a monotonically increasing sequence (newer = larger)
-- that is also the rowid of its row in the full-text index, so "newest matches first"
-- walks the index's doclists in rowid order without sorting.
CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT,
    budget_amount BIGINT,
    budget_currency TEXT,
    -- The skills as a JSON array (as given) and as `|skill|skill|` in lower case (filters).
    skills TEXT NOT NULL,
    skills_key TEXT NOT NULL,
    -- The skills as words for the full-text index.
    skills_text TEXT NOT NULL,
    experience TEXT,
    duration TEXT,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL
);
CREATE INDEX jobs_client ON jobs (client_id, seq);

-- Keywords over title, description and skills; porter-stemmed, case-insensitive. An
-- external-content index over `jobs` kept in sync by the triggers below.
CREATE VIRTUAL TABLE jobs_fts USING fts5(
    title, description, skills_text,
    content = 'jobs', content_rowid = 'seq',
    tokenize = 'porter unicode61'
);
CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, title, description, skills_text)
    VALUES (new.seq, new.title, new.description, new.skills_text);
END;
CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, description, skills_text ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, description, skills_text)
    VALUES ('delete', old.seq, old.title, old.description, old.skills_text);
    INSERT INTO jobs_fts (rowid, title, description, skills_text)
    VALUES (new.seq, new.title, new.description, new.skills_text);
END;
CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, description, skills_text)
    VALUES ('delete', old.seq, old.title, old.description, old.skills_text);
END;

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
