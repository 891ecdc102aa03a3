-- Parameters: $1 timestamp as-of D.
-- The newest recommendation run at or before D, and whether the warehouse holds more than it learnt from:
-- order invoices in [run as-of, D), or a load that added lines after the run was computed (a load can add
-- lines anywhere; one that added none changed nothing it learnt from).
SELECT to_char(r.as_of, 'YYYY-MM-DD"T"HH24:MI:SS') AS as_of,
       r.method,
       r.customers,
       to_char(r.computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS computed_at,
       EXISTS (SELECT 1 FROM invoice AS i
               WHERE i.kind = 'order' AND i.invoiced_at >= r.as_of AND i.invoiced_at < $1::timestamp) AS newer_orders,
       EXISTS (SELECT 1 FROM load_run AS l WHERE l.loaded_at > r.computed_at AND l.new_lines > 0) AS loaded_since
FROM recommendation_run AS r
WHERE r.as_of <= $1::timestamp
ORDER BY r.as_of DESC
LIMIT 1
