-- Parameters: $1 timestamp as-of; $2 int[] customer ids; $3 int[] ranks; $4 text[] stock codes (parallel arrays).
INSERT INTO product_recommendation (as_of, customer_id, rank, stock_code)
SELECT $1::timestamp, r.customer_id, r.rank, r.stock_code
FROM unnest($2::int[], $3::int[], $4::text[]) AS r (customer_id, rank, stock_code)
