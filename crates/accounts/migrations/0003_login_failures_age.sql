-- Lets a failed login prune every expired failure (of any scope) with an index range scan,
-- so failures for emails never tried again do not accumulate.
CREATE INDEX login_failures_age ON login_failures (failed_at);
