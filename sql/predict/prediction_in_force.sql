-- Parameters: $1 timestamp as-of of a report.
-- The newest prediction run at or before the report's as-of, and whether it is older than the data the
-- report reads: computed for an earlier as-of, or before the newest load that added lines (migration 0019).
SELECT to_char(r.as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of,
       r.model,
       r.spend_method,
       r.spend_note,
       to_char(r.predicted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS predicted_at,
       (r.as_of < $1::timestamp) AS older_as_of,
       (coalesce(r.last_load_id, 0) < coalesce(latest_data_load(), 0)) AS older_load
FROM prediction_run AS r
WHERE r.as_of <= $1::timestamp
ORDER BY r.as_of DESC
LIMIT 1
