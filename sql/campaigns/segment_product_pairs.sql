-- Parameters: $1 timestamp as-of T; $2 text[25] segment grid; $3 timestamp start of the period;
-- $4 int featured products per segment; $5 int pairs per segment.
-- What each segment buys together: for the segment's top $4 merchandise products by net sales in [$3, T),
-- the other merchandise products most often on the same order invoice of the segment's customers; each
-- unordered pair once, ranked by the number of invoices holding both.
WITH segment_of AS (
  SELECT customer_id, ($2::text[])[(r - 1) * 5 + f] AS segment FROM rfm_scores($1::timestamp, false)
), lines AS (
  SELECT DISTINCT s.segment, l.invoice, l.stock_code, l.quantity * l.price AS amount
  FROM invoice_line AS l
  JOIN segment_of AS s USING (customer_id)
  JOIN product AS p USING (stock_code)
  WHERE p.is_merchandise AND left(l.invoice, 1) NOT IN ('A', 'C')
    AND l.invoice_date >= $3::timestamp AND l.invoice_date < $1::timestamp
), featured AS (
  SELECT segment, stock_code
  FROM (
    SELECT segment, stock_code, row_number() OVER (PARTITION BY segment ORDER BY sum(amount) DESC, stock_code) AS rank
    FROM lines
    GROUP BY segment, stock_code
  ) AS ranked
  WHERE rank <= $4
), invoice_products AS (
  SELECT DISTINCT segment, invoice, stock_code FROM lines
), pairs AS (
  SELECT a.segment,
         least(a.stock_code, b.stock_code) AS first_code,
         greatest(a.stock_code, b.stock_code) AS second_code,
         count(DISTINCT a.invoice) AS invoices
  FROM invoice_products AS a
  JOIN featured AS f ON f.segment = a.segment AND f.stock_code = a.stock_code
  JOIN invoice_products AS b ON b.segment = a.segment AND b.invoice = a.invoice AND b.stock_code <> a.stock_code
  GROUP BY 1, 2, 3
), ranked_pairs AS (
  SELECT *, row_number() OVER (PARTITION BY segment ORDER BY invoices DESC, first_code, second_code) AS rank FROM pairs
)
SELECT r.segment,
       r.first_code,
       coalesce(p1.description, '') AS first_description,
       r.second_code,
       coalesce(p2.description, '') AS second_description,
       r.invoices::int AS invoices
FROM ranked_pairs AS r
JOIN product AS p1 ON p1.stock_code = r.first_code
JOIN product AS p2 ON p2.stock_code = r.second_code
WHERE r.rank <= $5
ORDER BY r.segment, r.rank
