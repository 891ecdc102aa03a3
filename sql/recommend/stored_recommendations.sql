-- Parameters: $1 timestamp as-of of the stored run; $2 timestamp as-of D of the report.
-- The run's recommendations with each product's description, best first, leaving out any product the
-- customer has ordered in [run as-of, D): a recommendation is never for something already ordered.
SELECT r.customer_id, r.rank::int AS rank, r.stock_code, coalesce(p.description, '') AS description
FROM product_recommendation AS r
LEFT JOIN product AS p USING (stock_code)
WHERE r.as_of = $1::timestamp
  AND NOT EXISTS (
    SELECT 1 FROM invoice_line AS l
    WHERE l.customer_id = r.customer_id AND l.stock_code = r.stock_code
      AND l.invoice_date >= $1::timestamp AND l.invoice_date < $2::timestamp
      AND l.quantity > 0 AND left(l.invoice, 1) NOT IN ('C', 'A'))
ORDER BY r.customer_id, r.rank
