-- Parameters: $1 int run id. Deletes the run's file rows and notes when. A failed run also forgets its
-- summary, so running it again makes its documents afresh instead of mailing ones that are gone.
WITH removed AS (DELETE FROM report_document WHERE run_id = $1)
UPDATE report_run
SET files_pruned_at = now(),
    summary = CASE WHEN status = 'failed' THEN NULL ELSE summary END
WHERE run_id = $1 AND files_pruned_at IS NULL
