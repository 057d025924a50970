-- SQLite's full-text plans do not depend on sampled statistics (see the PostgreSQL version).
SELECT 1;
