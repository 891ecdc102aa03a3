-- Parameters: $1 timestamp as-of T.
-- What each customer had ordered before T, one row per customer and merchandise product, with how many
-- days before T the last such order was (fractional). Only lines of order invoices (not cancellations, not
-- adjustments) with a positive quantity and a known customer count as "ordered"; exact duplicates are
-- already one row of invoice_line. Nothing at or after T is read. Ordered by customer only (the reader
-- numbers and sorts products itself), which lets the database aggregate by hash before one sort.
SELECT l.customer_id,
       l.stock_code,
       (extract(epoch FROM ($1::timestamp - max(l.invoice_date))) / 86400)::float8 AS age_days
FROM invoice_line AS l
JOIN product AS p USING (stock_code)
WHERE l.invoice_date < $1::timestamp
  AND l.customer_id IS NOT NULL
  AND l.quantity > 0
  AND left(l.invoice, 1) NOT IN ('C', 'A')
  AND p.is_merchandise
GROUP BY l.customer_id, l.stock_code
ORDER BY l.customer_id
