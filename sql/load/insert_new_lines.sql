-- Parameters: $1 int load id. Appends the staged lines the warehouse does not hold yet.
WITH changed AS (
  INSERT INTO invoice_line
    (invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, copies, load_id, source_line)
  SELECT s.invoice, s.stock_code, s.description, s.quantity, s.invoice_date, s.price, s.customer_id, s.country,
         s.copies, $1, s.source_line
  FROM load_stage AS s
  WHERE NOT EXISTS (
    SELECT 1
    FROM invoice_line AS l
    WHERE l.invoice = s.invoice
      AND l.stock_code = s.stock_code
      AND coalesce(l.description, '') = coalesce(s.description, '')
      AND l.quantity = s.quantity
      AND l.invoice_date = s.invoice_date
      AND l.price = s.price
      AND coalesce(l.customer_id, -1) = coalesce(s.customer_id, -1)
      AND l.country = s.country
  )
  RETURNING 1
)
SELECT count(*)::int AS new_lines FROM changed
