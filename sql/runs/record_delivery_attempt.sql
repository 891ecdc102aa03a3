-- Parameters: $1 run id, $2 message key, $3 text[] recipients, $4 status (sent/failed), $5 text error.
UPDATE delivery
SET status = $4,
    attempts = attempts + 1,
    last_error = $5,
    sent_at = CASE WHEN $4 = 'sent' THEN now() ELSE sent_at END
WHERE run_id = $1 AND message_key = $2 AND recipient = ANY ($3::text[]) AND status <> 'sent'
