-- Parameters: $1 timestamp cut-off T; $2 int horizon in days.
-- Which merchandise products each customer ordered in [T, T + $2 days): the back-test's outcome, read
-- only after the recommendations were made from what came before T.
SELECT DISTINCT l.customer_id, l.stock_code
FROM invoice_line AS l
JOIN product AS p USING (stock_code)
WHERE l.invoice_date >= $1::timestamp
  AND l.invoice_date < $1::timestamp + make_interval(days => $2::int)
  AND l.customer_id IS NOT NULL
  AND l.quantity > 0
  AND left(l.invoice, 1) NOT IN ('C', 'A')
  AND p.is_merchandise
ORDER BY l.customer_id, l.stock_code
