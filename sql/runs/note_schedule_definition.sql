-- Parameters: $1 schedule, $2 text its definition (cron, time zone, as-of rule, report), $3 timestamptz
-- now (the worker's clock). Records since when the schedule has had this definition: a new or changed
-- definition starts now.
INSERT INTO schedule_definition (schedule, definition, since)
VALUES ($1, $2, $3::timestamptz)
ON CONFLICT (schedule) DO UPDATE SET definition = EXCLUDED.definition, since = EXCLUDED.since
WHERE schedule_definition.definition <> EXCLUDED.definition
