-- Users: identity and credentials. A deleted account keeps its row as a tombstone
-- (money records elsewhere refer to it) with personal data removed.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    -- Normalized (lowercase) email; unique, so duplicates differing in case are refused.
    -- NULL once the account is deleted.
    email TEXT UNIQUE,
    password_hash TEXT,
    display_name TEXT NOT NULL,
    -- JSON array of roles, e.g. ["CLIENT","FREELANCER"].
    roles TEXT NOT NULL,
    email_verified_at BIGINT,
    deleted_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Public and private profile details, one row per user.
CREATE TABLE user_profiles (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    headline TEXT,
    bio TEXT,
    city TEXT,
    photo_link TEXT,
    resume_link TEXT,
    job_title TEXT,
    birth_date TEXT,
    -- JSON arrays of strings.
    skills TEXT NOT NULL DEFAULT '[]',
    languages TEXT NOT NULL DEFAULT '[]',
    hourly_rate_amount BIGINT,
    hourly_rate_currency TEXT,
    company_name TEXT,
    industry TEXT,
    employee_count BIGINT,
    company_description TEXT,
    updated_at BIGINT NOT NULL
);

-- Freelancer experience, education and achievements: typed items stored as JSON.
CREATE TABLE profile_items (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX profile_items_owner ON profile_items (user_id, kind, id);
