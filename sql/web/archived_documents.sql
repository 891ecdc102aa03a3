-- Parameters: $1 text schedule (null: all), $2 date first period (null: no bound), $3 date last period (null: no bound).
-- Archived files of made runs, newest period first.
SELECT d.run_id, d.position, r.schedule, r.period, r.report, d.segment, d.file_name, d.content_type, d.bytes,
       to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') AS created_at, r.status
FROM report_document AS d
JOIN report_run AS r USING (run_id)
WHERE ($1::text IS NULL OR r.schedule = $1)
  AND ($2::date IS NULL OR r.period >= to_char($2::date, 'YYYY-MM-DD'))
  AND ($3::date IS NULL OR r.period <= to_char($3::date, 'YYYY-MM-DD'))
ORDER BY r.period DESC, r.schedule, d.position
