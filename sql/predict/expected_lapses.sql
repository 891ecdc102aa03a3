-- Parameters: $1 timestamp as-of. Customers who ordered in the 90 days before the as-of, and how many of
-- them the prediction in force (the newest run at or before the as-of) expects not to order in the 90 days after it (the sum of 1 - probability).
SELECT count(*)::int AS recent_customers,
       coalesce(sum(1 - p.order_probability_90d), 0)::float8 AS expected_lapses
FROM rfm_scores($1::timestamp, false) AS s
JOIN customer_prediction AS p ON p.customer_id = s.customer_id
  AND p.as_of = (SELECT max(as_of) FROM prediction_run WHERE as_of <= $1::timestamp)
WHERE s.recency_days <= 90
