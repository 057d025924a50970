-- As for jobs (jobs/0003_search_statistics): sample enough lexemes that a word outside the
-- catalogue's vocabulary is estimated as rare and read from the GIN index, instead of
-- walking every active listing.
ALTER TABLE services ALTER COLUMN search SET STATISTICS 1000;
