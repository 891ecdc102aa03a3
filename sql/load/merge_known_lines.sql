-- Parameters: $1 int this load's id.
-- A line of this load that the warehouse already held is dropped; the held line keeps the larger copy
-- count. So loading a file again changes nothing, and a grown file adds only its new lines.
WITH known AS (
  SELECT fresh.source_line, fresh.copies AS fresh_copies, held.ctid AS held_row, held.copies AS held_copies
  FROM invoice_line AS fresh
  JOIN invoice_line AS held
    ON held.line_hash = fresh.line_hash
   AND held.load_id <> $1
   AND (held.invoice, held.stock_code, held.description, held.quantity, held.invoice_date, held.price, held.customer_id, held.country)
       IS NOT DISTINCT FROM
       (fresh.invoice, fresh.stock_code, fresh.description, fresh.quantity, fresh.invoice_date, fresh.price, fresh.customer_id, fresh.country)
  WHERE fresh.load_id = $1
), raised AS (
  UPDATE invoice_line AS held
  SET copies = k.fresh_copies
  FROM known AS k
  WHERE held.ctid = k.held_row AND k.fresh_copies > k.held_copies
  RETURNING 1
), dropped AS (
  DELETE FROM invoice_line AS fresh
  USING known AS k
  WHERE fresh.load_id = $1 AND fresh.source_line = k.source_line
  RETURNING 1
)
SELECT (SELECT count(*) FROM raised)::int AS lines_with_more_copies, (SELECT count(*) FROM dropped)::int AS known_lines
