-- Parameters: $1 timestamp cutoff; $2 int horizon in days.
-- For each customer scored by RFM at the cutoff (order invoices before it, monetary > 0): what was known at
-- the cutoff, and what happened in the horizon after it. Only order invoices count. Purchase occasions are
-- calendar days with at least one order invoice (the BG/NBD's "daily purchase occasions"); the first
-- day's value is left out of the repeat mean value, as the Gamma-Gamma model expects.
-- Nothing dated at or after the cutoff enters a "known" column.
WITH orders AS (
  SELECT customer_id, invoiced_at, amount
  FROM invoice
  WHERE kind = 'order' AND customer_id IS NOT NULL AND invoiced_at < $1::timestamp
), known AS (
  SELECT customer_id,
         ($1::timestamp::date - max(invoiced_at)::date) AS recency_days,
         ($1::timestamp::date - min(invoiced_at)::date) AS tenure_days,
         count(*) AS frequency,
         sum(amount) AS monetary,
         count(*) FILTER (WHERE invoiced_at >= $1::timestamp - make_interval(days => 90)) AS orders_last_90,
         coalesce(sum(amount) FILTER (WHERE invoiced_at >= $1::timestamp - make_interval(days => 365)), 0) AS spend_last_365,
         coalesce(sum(amount) FILTER (WHERE invoiced_at >= $1::timestamp - make_interval(days => 90)), 0) AS spend_last_90,
         -- The same calendar stretch as the horizon, one year earlier: seasonal buyers (Christmas) show here.
         count(*) FILTER (WHERE invoiced_at >= $1::timestamp - make_interval(days => 365)
                            AND invoiced_at < $1::timestamp - make_interval(days => 365) + make_interval(days => least($2::int, 365))) AS orders_year_before_horizon
  FROM orders
  GROUP BY customer_id
  HAVING sum(amount) > 0
), days AS (
  SELECT customer_id, invoiced_at::date AS day, sum(amount) AS amount,
         row_number() OVER (PARTITION BY customer_id ORDER BY invoiced_at::date) AS nth
  FROM orders
  GROUP BY customer_id, invoiced_at::date
), occasions AS (
  SELECT customer_id,
         count(*) AS purchase_days,
         avg(amount) FILTER (WHERE nth > 1) AS repeat_mean_value
  FROM days
  GROUP BY customer_id
), future AS (
  SELECT customer_id, count(*) AS orders, sum(amount) AS spend,
         min(invoiced_at)::date - $1::timestamp::date AS next_order_days
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
       k.spend_last_90::float8 AS spend_last_90,
       k.spend_last_365::float8 AS spend_last_365,
       k.orders_year_before_horizon::int AS orders_year_before_horizon,
       o.purchase_days::int AS purchase_days,
       o.repeat_mean_value::float8 AS repeat_mean_value,
       coalesce(f.orders, 0)::int AS future_orders,
       coalesce(f.spend, 0)::float8 AS future_spend,
       f.next_order_days
FROM known AS k
JOIN occasions AS o USING (customer_id)
LEFT JOIN future AS f USING (customer_id)
ORDER BY k.customer_id
