-- Parameters: $1 run id, $2 text[] message keys of the run's reports (owner notices excluded).
SELECT count(*) FILTER (WHERE status IN ('pending', 'failed', 'sending'))::int AS unsent,
       coalesce(array_agg(recipient ORDER BY recipient) FILTER (WHERE status = 'uncertain'), '{}') AS uncertain
FROM delivery
WHERE run_id = $1 AND message_key = ANY ($2::text[])
