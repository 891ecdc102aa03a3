-- Parameters: $1 timestamp from (inclusive), $2 timestamp to (exclusive).
-- Customers (with an order), orders and net sales per country, largest sales first.
SELECT country,
       count(DISTINCT customer_id) FILTER (WHERE kind = 'order')::int AS customers,
       count(*) FILTER (WHERE kind = 'order')::int AS orders,
       round(sum(amount), 2)::float8 AS sales
FROM invoice
WHERE kind IN ('order', 'cancellation') AND invoiced_at >= $1::timestamp AND invoiced_at < $2::timestamp
GROUP BY country
ORDER BY sum(amount) DESC, country
