-- Parameters: $1 timestamp as-of; $2 text[25] segment grid, the segment name for each (r, f) cell at
-- (r - 1) * 5 + f.
-- The RFM segment table at the as-of (the metrics' and the briefs': src/queries/campaign-queries.ts),
-- from the scoring's sums per cell: stored with the scoring when one is current (migration 0015), else
-- summed from a live scoring. Each branch's condition has no column in it, so it is a one-time filter and
-- only one branch runs. A mean is a sum over a count, as avg() computes it: the same figures either way.
WITH cells AS (
  SELECT c.cell, c.customers::bigint AS customers, c.monetary, c.recency_days::numeric AS recency_days, c.frequency::numeric AS frequency
  FROM rfm_scoring_cell AS c
  WHERE c.as_of = $1::timestamp AND rfm_scoring_current($1::timestamp)
  UNION ALL
  SELECT (s.r - 1) * 5 + s.f, count(*), sum(s.monetary), sum(s.recency_days), sum(s.frequency)
  FROM rfm_scores_live($1::timestamp, false) AS s
  WHERE NOT rfm_scoring_current($1::timestamp)
  GROUP BY 1
), segments AS (
  SELECT ($2::text[])[cell] AS segment,
         sum(customers) AS customers,
         sum(monetary) AS monetary,
         sum(recency_days) AS recency_days,
         sum(frequency) AS frequency
  FROM cells
  GROUP BY 1
), totals AS (
  SELECT sum(customers) AS all_customers, sum(monetary) AS all_monetary FROM segments
)
SELECT s.segment,
       s.customers::int AS customers,
       (s.customers / t.all_customers)::float8 AS customer_share,
       round(s.monetary, 2)::float8 AS monetary,
       (s.monetary / t.all_monetary)::float8 AS monetary_share,
       (s.recency_days / s.customers)::float8 AS recency_mean,
       (s.frequency / s.customers)::float8 AS frequency_mean,
       round(s.monetary / s.customers, 2)::float8 AS monetary_mean
FROM segments AS s
CROSS JOIN totals AS t
ORDER BY s.segment
