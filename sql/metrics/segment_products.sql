-- Parameters: $1 timestamp as-of D; $2 text[25] segment grid; $3 timestamp start of the period; $4 int list length;
-- $5 text[] the segments to read, or NULL for every segment.
-- What each segment buys: merchandise bought by the segment's customers in [$3, D), by net sales; one row
-- per segment and product, the top $4 of each segment. Only the lines of the segments asked for are
-- grouped (the campaign plan's year is read for its lapsed segments alone). Lines are grouped by RFM cell (an integer) and
-- byte-wise stock code first, which sorts far cheaper than segment names; the cells of a segment are then
-- added up (a customer sits in one cell, so buyers add up too).
WITH cell_of AS (
  SELECT customer_id, (r - 1) * 5 + f AS cell FROM rfm_scores($1::timestamp, false)
  WHERE $5::text[] IS NULL OR ($2::text[])[(r - 1) * 5 + f] = ANY ($5::text[])
), per_cell AS (
  SELECT c.cell,
         l.stock_code COLLATE "C" AS stock_code,
         sum(l.quantity) AS quantity,
         sum(l.quantity * l.price) AS sales,
         count(DISTINCT l.customer_id) AS buyers
  FROM invoice_line AS l
  JOIN cell_of AS c USING (customer_id)
  WHERE left(l.invoice, 1) <> 'A' AND l.invoice_date >= $3::timestamp AND l.invoice_date < $1::timestamp
  GROUP BY c.cell, l.stock_code COLLATE "C"
), per_product AS (
  SELECT ($2::text[])[pc.cell] AS segment, pc.stock_code, sum(pc.quantity) AS quantity, sum(pc.sales) AS sales, sum(pc.buyers) AS buyers
  FROM per_cell AS pc
  JOIN product AS p ON p.stock_code = pc.stock_code
  WHERE p.is_merchandise
  GROUP BY 1, 2
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY segment ORDER BY sales DESC, stock_code) AS sales_rank FROM per_product
)
SELECT r.segment, r.stock_code, coalesce(p.description, '') AS description, r.quantity::int AS quantity,
       round(r.sales, 2)::float8 AS sales, r.buyers::int AS buyers, r.sales_rank::int AS sales_rank
FROM ranked AS r
JOIN product AS p ON p.stock_code = r.stock_code
WHERE r.sales_rank <= $4
ORDER BY r.segment, r.sales_rank
