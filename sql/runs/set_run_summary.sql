-- Parameters: $1 run id, $2 jsonb summary of what the e-mails say.
UPDATE report_run SET summary = $2::jsonb WHERE run_id = $1
