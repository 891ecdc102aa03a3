-- Parameters: $1 int run id. Locks a run that is still to be pruned and lists its files; none when another
-- prune got there first.
SELECT d.position, d.archive_key
FROM report_run AS r
JOIN report_document AS d USING (run_id)
WHERE r.run_id = $1 AND r.files_pruned_at IS NULL
ORDER BY d.position
FOR UPDATE OF r
