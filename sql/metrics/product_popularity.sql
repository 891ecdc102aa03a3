-- Parameters: $1 date first week (a Monday, inclusive), $2 date end (a Monday, exclusive), $3 int list length.
-- Merchandise only. Each product appears once with its ranks by net quantity, by net sales and by how often
-- it was cancelled (cancellation lines); the caller splits the three top lists.
WITH per_product AS (
  SELECT w.stock_code,
         p.description,
         sum(w.quantity) AS quantity,
         sum(w.sales) AS sales,
         sum(w.order_lines) AS order_lines,
         sum(w.cancellation_lines) AS cancellation_lines,
         sum(w.cancelled_quantity) AS cancelled_quantity
  FROM product_week AS w
  JOIN product AS p USING (stock_code)
  WHERE p.is_merchandise AND w.week_start >= $1::date AND w.week_start < $2::date
  GROUP BY w.stock_code, p.description
), ranked AS (
  SELECT *,
         row_number() OVER (ORDER BY quantity DESC, stock_code) AS quantity_rank,
         row_number() OVER (ORDER BY sales DESC, stock_code) AS sales_rank,
         row_number() OVER (ORDER BY cancellation_lines DESC, cancelled_quantity DESC, stock_code) AS cancellation_rank
  FROM per_product
)
SELECT stock_code,
       coalesce(description, '') AS description,
       quantity::int AS quantity,
       round(sales, 2)::float8 AS sales,
       order_lines::int AS order_lines,
       cancellation_lines::int AS cancellation_lines,
       cancelled_quantity::int AS cancelled_quantity,
       quantity_rank::int AS quantity_rank,
       sales_rank::int AS sales_rank,
       CASE WHEN cancellation_lines > 0 THEN cancellation_rank::int END AS cancellation_rank
FROM ranked
WHERE quantity_rank <= $3 OR sales_rank <= $3 OR (cancellation_rank <= $3 AND cancellation_lines > 0)
ORDER BY stock_code
