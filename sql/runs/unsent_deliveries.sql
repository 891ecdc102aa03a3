-- Parameters: $1 run id, $2 message key. Recipients of the message waiting to be sent (never tried, or
-- certainly refused before); `sent` and `uncertain` ones are not sent again by the worker.
SELECT recipient, kind, message_id, attempts
FROM delivery
WHERE run_id = $1 AND message_key = $2 AND status IN ('pending', 'failed')
ORDER BY recipient
