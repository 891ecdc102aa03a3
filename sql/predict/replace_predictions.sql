-- Parameters: $1 timestamp as-of, $2 int[] customer ids, $3 float8[] probabilities, $4 numeric[] spends, $5 model name.
-- The scores of one as-of become exactly these: new ones inserted, existing ones updated, others removed.
WITH upserted AS (
  INSERT INTO customer_prediction (as_of, customer_id, order_probability_90d, expected_spend_12m, model)
  SELECT $1::timestamp, p.customer_id, p.probability, round(p.spend, 2), $5
  FROM unnest($2::int[], $3::float8[], $4::numeric[]) AS p (customer_id, probability, spend)
  ON CONFLICT (as_of, customer_id) DO UPDATE
    SET order_probability_90d = excluded.order_probability_90d,
        expected_spend_12m = excluded.expected_spend_12m,
        model = excluded.model,
        predicted_at = now()
  RETURNING 1
)
DELETE FROM customer_prediction
WHERE as_of = $1::timestamp AND customer_id <> ALL ($2::int[])
