-- Parameters: $1 timestamp as-of D; $2 text[25] segment grid; $3 timestamp start of the period; $4 int list length.
-- What each segment buys: merchandise bought by the segment's customers in [$3, D), by net sales; one row
-- per segment and product, the top $4 of each segment.
WITH segment_of AS (
  SELECT customer_id, ($2::text[])[(r - 1) * 5 + f] AS segment FROM rfm_scores($1::timestamp)
), per_product AS (
  SELECT s.segment,
         l.stock_code,
         sum(l.quantity) AS quantity,
         sum(l.quantity * l.price) AS sales,
         count(DISTINCT l.customer_id) AS buyers
  FROM invoice_line AS l
  JOIN segment_of AS s USING (customer_id)
  JOIN product AS p USING (stock_code)
  WHERE p.is_merchandise AND left(l.invoice, 1) <> 'A' AND l.invoice_date >= $3::timestamp AND l.invoice_date < $1::timestamp
  GROUP BY s.segment, l.stock_code
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY segment ORDER BY sales DESC, stock_code) AS sales_rank FROM per_product
)
SELECT r.segment, r.stock_code, coalesce(p.description, '') AS description, r.quantity::int AS quantity,
       round(r.sales, 2)::float8 AS sales, r.buyers::int AS buyers, r.sales_rank::int AS sales_rank
FROM ranked AS r
JOIN product AS p USING (stock_code)
WHERE r.sales_rank <= $4
ORDER BY r.segment, r.sales_rank
