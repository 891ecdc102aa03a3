-- Parameters: $1 timestamp cutoff; $2 int horizon in days.
-- For each customer with orders before the cutoff (monetary > 0, as in RFM): what was known at the cutoff
-- (recency, frequency, monetary, tenure, recent orders, mean order value) and what happened in the
-- horizon after it (orders, order value). The model learns from one cutoff's future and scores another's.
WITH known AS (
  SELECT customer_id,
         ($1::timestamp::date - max(invoiced_at)::date) AS recency_days,
         ($1::timestamp::date - min(invoiced_at)::date) AS tenure_days,
         count(*) AS frequency,
         sum(amount) AS monetary,
         count(*) FILTER (WHERE invoiced_at >= $1::timestamp - make_interval(days => 90)) AS orders_last_90
  FROM invoice
  WHERE kind = 'order' AND customer_id IS NOT NULL AND invoiced_at < $1::timestamp
  GROUP BY customer_id
  HAVING sum(amount) > 0
), future AS (
  SELECT customer_id, count(*) AS orders, sum(amount) AS spend
  FROM invoice
  WHERE kind = 'order' AND customer_id IS NOT NULL
    AND invoiced_at >= $1::timestamp AND invoiced_at < $1::timestamp + make_interval(days => $2::int)
  GROUP BY customer_id
)
SELECT k.customer_id,
       k.recency_days,
       k.tenure_days,
       k.frequency::int AS frequency,
       k.monetary::float8 AS monetary,
       k.orders_last_90::int AS orders_last_90,
       coalesce(f.orders, 0)::int AS future_orders,
       coalesce(f.spend, 0)::float8 AS future_spend
FROM known AS k
LEFT JOIN future AS f USING (customer_id)
ORDER BY k.customer_id
