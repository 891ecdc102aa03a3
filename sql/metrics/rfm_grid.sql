-- Parameters: $1 timestamp as-of D; $2 text[25] segment name for each (r, f) cell, at (r - 1) * 5 + f.
-- Customers per (recency score, frequency score) cell: all 25 cells, empty ones with 0.
WITH cells AS (
  SELECT r, f FROM generate_series(1, 5) AS r CROSS JOIN generate_series(1, 5) AS f
), counted AS (
  SELECT r, f, count(*) AS customers FROM rfm_scores($1::timestamp, false) GROUP BY r, f
)
SELECT cells.r, cells.f, coalesce(counted.customers, 0)::int AS customers, ($2::text[])[(cells.r - 1) * 5 + cells.f] AS segment
FROM cells
LEFT JOIN counted USING (r, f)
ORDER BY cells.r, cells.f
