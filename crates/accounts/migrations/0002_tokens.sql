-- Refresh tokens, stored as SHA-256 hashes. Each login starts a family; every refresh
-- marks the presented token used and issues the next one in the same family. A used or
-- revoked token presented again revokes the whole family (replay detection).
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    family_id TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Single-use, expiring tokens for email verification and password reset (hashed).
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Failed logins, per scope ("email:<address>" or "addr:<client address>"), counted over a
-- sliding window; kept in the database so limits hold across restarts and instances.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures (scope, failed_at);
