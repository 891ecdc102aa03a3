-- Parameters: $1 run id, $2 status, $3 text error (null when none), $4 jsonb timings to merge.
UPDATE report_run
SET status = $2,
    error = $3,
    timings = timings || coalesce($4::jsonb, '{}'::jsonb),
    updated_at = now(),
    finished_at = CASE WHEN $2 IN ('sent', 'failed', 'uncertain') THEN now() ELSE finished_at END
WHERE run_id = $1
