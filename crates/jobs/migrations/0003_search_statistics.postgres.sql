-- Keyword search picks between walking the newest open jobs backwards (a common word) and
-- reading the GIN index's few matches (a rare word) by the planner's estimate of how many
-- jobs match. With the default statistics target, a word missing from the sampled lexemes
-- was estimated at 0.36% of the jobs, so a word that matches nothing walked all 900,000 open
-- jobs of a million (0.8 s). A hundred times more sampled lexemes (up to 10,000) cover a
-- marketplace's vocabulary, and a word outside them is estimated as rare: read from the index.
ALTER TABLE jobs ALTER COLUMN search SET STATISTICS 1000;
