-- Parameters: $1 schedule, $2 period, $3 report, $4 timestamp as-of.
-- The run of (schedule, period), created on first sight; every call counts one attempt.
INSERT INTO report_run (schedule, period, report, as_of, attempts)
VALUES ($1, $2, $3, $4::timestamp, 1)
ON CONFLICT (schedule, period) DO UPDATE SET attempts = report_run.attempts + 1
RETURNING run_id, status, attempts, summary
