-- Parameters: none. Each ingest source the worker has run, the latest active first: when its latest
-- finished run started, when a run last brought new lines, what waits on a person, and its latest failure
-- while no later-started run has finished (a run that finished its load but failed after it, in the
-- scoring, records both under one start: the failure shows).
SELECT source,
       to_char(last_look_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_look_at,
       to_char(last_new_lines_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_new_lines_at,
       needs_attention,
       CASE WHEN last_failure_at >= coalesce(last_look_at, '-infinity') THEN to_char(last_failure_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END AS failed_at,
       CASE WHEN last_failure_at >= coalesce(last_look_at, '-infinity') THEN last_failure END AS failure
FROM ingest_source
ORDER BY greatest(last_look_at, last_failure_at) DESC NULLS LAST, source
