-- Parameters: none. A line already in the warehouse keeps the largest copy count any file had for it, so
-- reloading a file changes nothing and a file with the same lines adds none.
-- coalesce() makes the nullable columns comparable with '=' so the planner can use a hash join.
WITH changed AS (
  UPDATE invoice_line AS l
  SET copies = s.copies
  FROM load_stage AS s
  WHERE l.invoice = s.invoice
    AND l.stock_code = s.stock_code
    AND coalesce(l.description, '') = coalesce(s.description, '')
    AND l.quantity = s.quantity
    AND l.invoice_date = s.invoice_date
    AND l.price = s.price
    AND coalesce(l.customer_id, -1) = coalesce(s.customer_id, -1)
    AND l.country = s.country
    AND s.copies > l.copies
  RETURNING 1
)
SELECT count(*)::int AS lines_with_more_copies FROM changed
