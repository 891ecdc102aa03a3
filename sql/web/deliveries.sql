-- Parameters: $1 int[] run ids. Every delivery of those runs, per recipient.
SELECT run_id, message_key, recipient, kind, status, attempts, last_error,
       to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"') AS sent_at
FROM delivery
WHERE run_id = ANY ($1::int[])
ORDER BY run_id DESC, message_key, recipient
