-- Parameters: $1 timestamptz cutoff. Finished runs (sent or failed) that ended before the cutoff and still
-- have their files; running or produced runs are never pruned (they may still be mailing them).
SELECT r.run_id, r.schedule, r.period, r.status,
       count(d.*)::int AS files, coalesce(sum(d.bytes), 0)::bigint AS bytes
FROM report_run AS r
LEFT JOIN report_document AS d USING (run_id)
WHERE r.status IN ('sent', 'failed')
  AND r.files_pruned_at IS NULL
  AND coalesce(r.finished_at, r.started_at) < $1::timestamptz
GROUP BY r.run_id
ORDER BY r.run_id
