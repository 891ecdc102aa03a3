-- Parameters: $1 timestamp as-of D; $2 text[25] segment name for each (r, f) cell, at (r - 1) * 5 + f.
-- One row per scored customer with their segment and country (for the segment briefs and their CSVs),
-- and the scores of the newest prediction run at or before this as-of (`lgs predict` or the load job), when
-- there is one; customers who were not scored then have none.
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
       p.expected_spend_12m::float8 AS expected_spend_12m,
       to_char(p.expected_next_order, 'YYYY-MM-DD') AS expected_next_order,
       r.spend_method
FROM rfm_scores($1::timestamp) AS s
JOIN customer AS c USING (customer_id)
LEFT JOIN LATERAL (SELECT * FROM prediction_run WHERE as_of <= $1::timestamp ORDER BY as_of DESC LIMIT 1) AS r ON true
LEFT JOIN customer_prediction AS p ON p.as_of = r.as_of AND p.customer_id = s.customer_id
ORDER BY s.customer_id
