-- Parameters: $1 timestamp as-of D; $2 text[25] segment grid.
-- Where each segment's customers are: customers and their monetary value per segment and country.
SELECT ($2::text[])[(s.r - 1) * 5 + s.f] AS segment,
       c.country,
       count(*)::int AS customers,
       round(sum(s.monetary), 2)::float8 AS monetary
FROM rfm_scores($1::timestamp, false) AS s
JOIN customer AS c USING (customer_id)
GROUP BY 1, 2
ORDER BY 1, customers DESC, monetary DESC, c.country
