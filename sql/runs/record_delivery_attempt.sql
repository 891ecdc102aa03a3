-- Parameters: $1 run id, $2 message key, $3 text[] recipients, $4 status (sent/failed/uncertain),
-- $5 text error, $6 text the SMTP server's reply. A recipient recorded as sent stays sent.
UPDATE delivery
SET status = $4,
    last_error = $5,
    smtp_reply = coalesce($6, smtp_reply),
    sent_at = CASE WHEN $4 = 'sent' THEN now() ELSE sent_at END
WHERE run_id = $1 AND message_key = $2 AND recipient = ANY ($3::text[]) AND status <> 'sent'
