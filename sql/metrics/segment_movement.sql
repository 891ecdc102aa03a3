-- Parameters: $1 timestamp as-of D1; $2 timestamp comparison instant D0 (D1 - 28 days); $3 text[25] grid.
-- The movement matrix: customers scored at D1 per (segment at D0, or '(new)' when not scored at D0;
-- segment at D1), with the sum of their D1 monetary.
WITH now_scored AS (
  SELECT customer_id, monetary, ($3::text[])[(r - 1) * 5 + f] AS segment FROM rfm_scores($1::timestamp)
), before_scored AS (
  SELECT customer_id, ($3::text[])[(r - 1) * 5 + f] AS segment FROM rfm_scores($2::timestamp)
)
SELECT coalesce(b.segment, '(new)') AS from_segment,
       n.segment AS to_segment,
       count(*)::int AS customers,
       round(sum(n.monetary), 2)::float8 AS monetary
FROM now_scored AS n
LEFT JOIN before_scored AS b USING (customer_id)
GROUP BY 1, 2
ORDER BY 1, 2
