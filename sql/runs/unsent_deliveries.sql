-- Parameters: $1 run id, $2 message key. Recipients of the message not yet sent to.
SELECT recipient, kind, message_id, attempts
FROM delivery
WHERE run_id = $1 AND message_key = $2 AND status <> 'sent'
ORDER BY recipient
