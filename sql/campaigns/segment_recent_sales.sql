-- Parameters: $1 timestamp as-of T; $2 text[25] segment grid; $3 timestamp start of the period.
-- Net sales (orders less cancellations) of each segment's customers in [$3, T): the money at stake.
WITH segment_of AS (
  SELECT customer_id, ($2::text[])[(r - 1) * 5 + f] AS segment FROM rfm_scores($1::timestamp, false)
)
SELECT s.segment, round(sum(i.amount), 2)::float8 AS sales
FROM invoice AS i
JOIN segment_of AS s USING (customer_id)
WHERE i.kind IN ('order', 'cancellation') AND i.invoiced_at >= $3::timestamp AND i.invoiced_at < $1::timestamp
GROUP BY s.segment
ORDER BY s.segment
