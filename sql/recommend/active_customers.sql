-- Parameters: $1 timestamp as-of T; $2 int days, or null for all history.
-- The customers with at least one order invoice in [T - $2 days, T) (every order before T when $2 is null):
-- the back-test's population (365 days) and whom `lgs recommend` scores (all).
SELECT DISTINCT customer_id
FROM invoice
WHERE kind = 'order'
  AND customer_id IS NOT NULL
  AND invoiced_at < $1::timestamp
  AND ($2::int IS NULL OR invoiced_at >= $1::timestamp - make_interval(days => $2::int))
ORDER BY customer_id
