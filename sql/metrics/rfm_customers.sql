-- Parameters: $1 timestamp as-of D; $2 text[25] segment name for each (r, f) cell, at (r - 1) * 5 + f.
-- One row per scored customer with their segment and country (for the segment briefs and their CSVs),
-- and the lapse prediction stored for this as-of by `lgs predict`, when there is one.
SELECT s.customer_id,
       c.country,
       s.recency_days,
       s.frequency,
       round(s.monetary, 2)::float8 AS monetary,
       s.r,
       s.f,
       s.m,
       ($2::text[])[(s.r - 1) * 5 + s.f] AS segment,
       p.order_probability_90d,
       p.expected_spend_12m::float8 AS expected_spend_12m
FROM rfm_scores($1::timestamp) AS s
JOIN customer AS c USING (customer_id)
LEFT JOIN customer_prediction AS p ON p.as_of = $1::timestamp AND p.customer_id = s.customer_id
ORDER BY s.customer_id
