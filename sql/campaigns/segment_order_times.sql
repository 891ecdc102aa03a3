-- Parameters: $1 timestamp as-of T; $2 text[25] segment grid.
-- When each segment orders: order invoices of the segment's customers before T by ISO weekday (1 = Monday)
-- and hour of day (shop-local time). Their whole history: a lapsed segment's habits are in its past.
WITH segment_of AS (
  SELECT customer_id, ($2::text[])[(r - 1) * 5 + f] AS segment FROM rfm_scores($1::timestamp, false)
)
SELECT s.segment,
       extract(isodow FROM i.invoiced_at)::int AS weekday,
       extract(hour FROM i.invoiced_at)::int AS hour,
       count(*)::int AS orders
FROM invoice AS i
JOIN segment_of AS s USING (customer_id)
WHERE i.kind = 'order' AND i.invoiced_at < $1::timestamp
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
