-- Parameters: $1 timestamp as-of, $2 int[] customer ids, $3 float8[] probabilities, $4 numeric[] spends,
-- $5 model name, $6 date[] expected next orders (null: unlikely within 90 days), $7 spend method, $8 spend note.
-- The scores of one as-of become exactly these: new ones inserted, existing ones updated, others removed;
-- the run row records which load they were computed from.
WITH upserted AS (
  INSERT INTO customer_prediction (as_of, customer_id, order_probability_90d, expected_spend_12m, model, expected_next_order)
  SELECT $1::timestamp, p.customer_id, p.probability, round(p.spend, 2), $5, p.next_order
  FROM unnest($2::int[], $3::float8[], $4::numeric[], $6::date[]) AS p (customer_id, probability, spend, next_order)
  ON CONFLICT (as_of, customer_id) DO UPDATE
    SET order_probability_90d = excluded.order_probability_90d,
        expected_spend_12m = excluded.expected_spend_12m,
        expected_next_order = excluded.expected_next_order,
        model = excluded.model,
        predicted_at = now()
  RETURNING 1
), run AS (
  INSERT INTO prediction_run (as_of, model, spend_method, spend_note, last_load_id)
  VALUES ($1::timestamp, $5, $7, $8, (SELECT max(load_id) FROM load_run))
  ON CONFLICT (as_of) DO UPDATE
    SET model = excluded.model, spend_method = excluded.spend_method, spend_note = excluded.spend_note,
        last_load_id = excluded.last_load_id, predicted_at = now()
  RETURNING 1
)
DELETE FROM customer_prediction
WHERE as_of = $1::timestamp AND customer_id <> ALL ($2::int[])
