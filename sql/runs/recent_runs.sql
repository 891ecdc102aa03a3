-- Parameters: $1 int how many. Latest runs with their delivery counts (owner notices included).
SELECT r.run_id, r.schedule, r.period, r.report, r.status, r.attempts, r.firings, r.attempts - r.firings AS retries, r.error, r.timings,
       to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
       count(d.*) FILTER (WHERE d.status = 'sent')::int AS sent,
       count(d.*) FILTER (WHERE d.status = 'written-to-outbox')::int AS outbox,
       count(d.*) FILTER (WHERE d.status NOT IN ('sent', 'written-to-outbox'))::int AS unsent,
       coalesce(array_agg(d.recipient ORDER BY d.recipient) FILTER (WHERE d.status = 'uncertain'), '{}') AS uncertain
FROM report_run AS r
LEFT JOIN delivery AS d USING (run_id)
GROUP BY r.run_id
ORDER BY r.run_id DESC
LIMIT $1
