-- Parameters: $1 timestamp as-of. How many customers have a stored prediction for this as-of.
SELECT count(*)::int AS customers FROM customer_prediction WHERE as_of = $1::timestamp
