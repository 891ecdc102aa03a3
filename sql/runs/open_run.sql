-- Parameters: $1 schedule, $2 period, $3 report, $4 timestamp as-of, $5 int attempt of this job (1: a new
-- firing; more: a retry of it). The run of (schedule, period), created on first sight; every call counts
-- one attempt, and a first attempt one firing.
INSERT INTO report_run (schedule, period, report, as_of, attempts, firings)
VALUES ($1, $2, $3, $4::timestamp, 1, 1)
ON CONFLICT (schedule, period) DO UPDATE
SET attempts = report_run.attempts + 1,
    firings = report_run.firings + CASE WHEN $5::int <= 1 THEN 1 ELSE 0 END
RETURNING run_id, status, attempts, summary
