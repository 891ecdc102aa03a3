-- Parameters: $1 run id, $2 message key, $3 recipient. Committed before the SMTP transaction begins:
-- a row left `sending` shows a transaction whose outcome nobody recorded. Only a row waiting to be sent
-- is taken, so two workers can never both send one delivery.
UPDATE delivery
SET status = 'sending', sending_since = now(), attempts = attempts + 1
WHERE run_id = $1 AND message_key = $2 AND recipient = $3 AND status IN ('pending', 'failed')
RETURNING recipient
