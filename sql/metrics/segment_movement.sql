-- Parameters: $1 timestamp as-of D1; $2 timestamp comparison instant D0; $3 text[25] segment grid.
-- The movement matrix: customers scored at D1 per (segment at D0, or '(new)' when not scored at D0;
-- segment at D1), with the sum of their D1 monetary value.
-- Stored with the scoring at D1 when it is current and was compared with D0 (migration 0015), else
-- counted from the two scorings (each stored or live, as rfm_scores() has it). Each branch's condition has
-- no column in it, so it is a one-time filter and only one branch runs.
WITH moves AS (
  SELECT m.before_cell, m.cell, m.customers::bigint AS customers, m.monetary
  FROM rfm_scoring_move AS m
  WHERE m.as_of = $1::timestamp AND rfm_movement_current($1::timestamp, $2::timestamp)
  UNION ALL
  SELECT (b.r - 1) * 5 + b.f, (n.r - 1) * 5 + n.f, count(*), sum(n.monetary)
  FROM rfm_scores($1::timestamp, false) AS n
  LEFT JOIN rfm_scores($2::timestamp, false) AS b USING (customer_id)
  WHERE NOT rfm_movement_current($1::timestamp, $2::timestamp)
  GROUP BY 1, 2
)
SELECT coalesce(($3::text[])[before_cell], '(new)') AS from_segment,
       ($3::text[])[cell] AS to_segment,
       sum(customers)::int AS customers,
       round(sum(monetary), 2)::float8 AS monetary
FROM moves
GROUP BY 1, 2
ORDER BY 1, 2
