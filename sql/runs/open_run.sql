-- Parameters: $1 schedule, $2 period, $3 report, $4 timestamp as-of, $5 timestamptz planned fire time.
-- The run of (schedule, period), created on first sight; every call counts one attempt.
INSERT INTO report_run (schedule, period, report, as_of, attempts, fired_at)
VALUES ($1, $2, $3, $4::timestamp, 1, $5::timestamptz)
ON CONFLICT (schedule, period) DO UPDATE SET attempts = report_run.attempts + 1, updated_at = now()
RETURNING run_id, status, attempts, summary
