-- Parameters: $1 timestamp as-of D1; $2 timestamp comparison instant D0 (D1 - 28 days); $3 text[25] segment
-- grid, the segment name for each (r, f) cell at (r - 1) * 5 + f.
-- The RFM segment table (the figures of rfm_segments.sql) and the movement matrix in one query, so that
-- customers are scored at D1 once (scoring sorts every customer: it is most of the time of both).
-- Movement: customers scored at D1 per (segment at D0, or '(new)' when not scored at D0; segment at D1),
-- with the sum of their D1 monetary. One row; each part a JSON array in the order the separate queries gave.
WITH scored AS MATERIALIZED (
  SELECT customer_id, recency_days, frequency, monetary,
         ($3::text[])[(r - 1) * 5 + f] AS segment,
         coalesce(($3::text[])[(before_r - 1) * 5 + before_f], '(new)') AS from_segment
  FROM rfm_movement($1::timestamp, $2::timestamp)
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
), cells AS (
  SELECT from_segment, segment AS to_segment, count(*)::int AS customers, round(sum(monetary), 2)::float8 AS monetary
  FROM scored
  GROUP BY 1, 2
)
SELECT (SELECT coalesce(json_agg(s ORDER BY s.segment), '[]') FROM segments AS s) AS segments,
       (SELECT coalesce(json_agg(c ORDER BY c.from_segment, c.to_segment), '[]') FROM cells AS c) AS movement
