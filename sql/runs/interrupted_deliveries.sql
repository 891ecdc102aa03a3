-- Parameters: $1 run id. Deliveries left `sending`: their SMTP transaction's outcome was never recorded.
SELECT message_key, recipient
FROM delivery
WHERE run_id = $1 AND status = 'sending'
ORDER BY message_key, recipient
