-- Parameters: $1 timestamp instant (D0 of the movement matrix).
-- Every customer scored at the instant and their (r, f) cell, (r - 1) * 5 + f, as two aligned arrays in
-- text form, for movement_cells.sql.
SELECT coalesce(array_agg(customer_id)::text, '{}') AS customer_ids,
       coalesce(array_agg((r - 1) * 5 + f)::text, '{}') AS cells
FROM rfm_scores($1::timestamp, false)
