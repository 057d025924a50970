-- A new job's words wait in the GIN index's pending list (fast update) until it is merged,
-- and every keyword lookup scans that whole list: at the default 4 MB that is ~500 pages,
-- about 2 ms on every search. A 256 kB list is merged more often, in smaller steps.
ALTER INDEX jobs_open_search SET (gin_pending_list_limit = 256);
