-- Parameters: $1 run id.
SELECT run_id, schedule, period, report, status,
       to_char(as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of
FROM report_run
WHERE run_id = $1
