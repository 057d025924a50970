-- A new listing's words wait in the GIN index's pending list until it is merged, and every
-- keyword lookup scans that whole list (see the jobs context's 0003_search_pending).
ALTER INDEX services_active_search SET (gin_pending_list_limit = 256);
