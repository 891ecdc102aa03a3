-- Parameters: $1 schedule, $2 period, $3 report, $4 timestamp as-of, $5 timestamptz planned fire time,
-- $6 int attempt of this job (1: a new firing; more: a retry of it).
-- The run of (schedule, period), created on first sight; every call counts one attempt, and a first
-- attempt one firing, so the run log can show firings and retries apart.
INSERT INTO report_run (schedule, period, report, as_of, attempts, firings, fired_at)
VALUES ($1, $2, $3, $4::timestamp, 1, 1, $5::timestamptz)
ON CONFLICT (schedule, period) DO UPDATE
SET attempts = report_run.attempts + 1,
    firings = report_run.firings + CASE WHEN $6::int <= 1 THEN 1 ELSE 0 END,
    updated_at = now()
RETURNING run_id, status, attempts, summary
