-- Parameters: $1 timestamp as-of D; $2 text[25] segment name for each (r, f) cell, at (r - 1) * 5 + f.
-- Per-segment figures over the customers rfm_scores() scores.
WITH scored AS (
  SELECT s.*, ($2::text[])[(s.r - 1) * 5 + s.f] AS segment
  FROM rfm_scores($1::timestamp, false) AS s
), totals AS (
  SELECT count(*) AS all_customers, sum(monetary) AS all_monetary FROM scored
)
SELECT segment,
       count(*)::int AS customers,
       (count(*)::numeric / t.all_customers)::float8 AS customer_share,
       round(sum(monetary), 2)::float8 AS monetary,
       (sum(monetary) / t.all_monetary)::float8 AS monetary_share,
       avg(recency_days)::float8 AS recency_mean,
       avg(frequency)::float8 AS frequency_mean,
       round(avg(monetary), 2)::float8 AS monetary_mean
FROM scored
CROSS JOIN totals AS t
GROUP BY segment, t.all_customers, t.all_monetary
ORDER BY segment
