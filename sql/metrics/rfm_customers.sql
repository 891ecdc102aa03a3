-- Parameters: $1 timestamp as-of D; $2 text[25] segment name for each (r, f) cell, at (r - 1) * 5 + f.
-- One row per scored customer with their segment and country (for the segment briefs and their CSVs).
SELECT s.customer_id,
       c.country,
       s.recency_days,
       s.frequency,
       round(s.monetary, 2)::float8 AS monetary,
       s.r,
       s.f,
       s.m,
       ($2::text[])[(s.r - 1) * 5 + s.f] AS segment
FROM rfm_scores($1::timestamp) AS s
JOIN customer AS c USING (customer_id)
ORDER BY s.customer_id
