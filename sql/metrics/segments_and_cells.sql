-- Parameters: $1 timestamp as-of D1; $2 text[25] segment grid, the segment name for each (r, f) cell at
-- (r - 1) * 5 + f.
-- The RFM segment table at D1 (the metrics' and the briefs': src/queries/campaign-queries.ts segmentTable)
-- and, for the movement matrix, every scored customer's (r, f) cell and monetary value at D1 as three
-- aligned arrays in text form. The customers are scored at D0 on another connection meanwhile
-- (segment_cells.sql) and movement_cells.sql puts the two together: scoring sorts every customer, and the two
-- scorings run on two cores instead of one after the other.
WITH scored AS MATERIALIZED (
  SELECT customer_id, recency_days, frequency, monetary, (r - 1) * 5 + f AS cell, ($2::text[])[(r - 1) * 5 + f] AS segment
  FROM rfm_scores($1::timestamp, false)
), totals AS (
  SELECT count(*) AS all_customers, sum(monetary) AS all_monetary FROM scored
), segments AS (
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
)
SELECT (SELECT coalesce(json_agg(s ORDER BY s.segment), '[]') FROM segments AS s) AS segments,
       coalesce(array_agg(customer_id)::text, '{}') AS customer_ids,
       coalesce(array_agg(cell)::text, '{}') AS cells,
       coalesce(array_agg(monetary)::text, '{}') AS monetary
FROM scored
