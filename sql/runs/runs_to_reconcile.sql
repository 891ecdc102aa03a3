-- Parameters: $1 text[] schedules, $2 text[] 'schedule/period' keys that are due, $3 timestamptz the start
-- of the catch-up window. The runs of the schedules that are not finished, of the due periods, and fired
-- within the window: the reconciler compares them with what is due.
SELECT run_id, schedule, period, status, attempts,
       to_char(as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of,
       (extract(epoch FROM now() - updated_at) * 1000)::float8 AS idle_ms,
       (extract(epoch FROM fired_at) * 1000)::float8 AS fired_ms
FROM report_run
WHERE schedule = ANY ($1::text[])
  AND (status IN ('running', 'produced', 'stale')
       OR schedule || '/' || period = ANY ($2::text[])
       OR fired_at >= $3::timestamptz)
ORDER BY run_id
