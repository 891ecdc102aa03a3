-- Script (no parameters): pairs each staged line with the held line equal to it, if any. Candidates are
-- found by hash (the line_hash index for a few staged lines, one hash join for a re-export of everything)
-- and then compared column by column, so a hash collision never merges two different lines.
CREATE TEMP TABLE incoming_match ON COMMIT DROP AS
SELECT fresh.*, held.ctid AS held_row, held.copies AS held_copies
FROM incoming_line AS fresh
LEFT JOIN invoice_line AS held
  ON held.line_hash = fresh.line_hash
 AND (held.invoice, held.stock_code, held.description, held.quantity, held.invoice_date, held.price, held.customer_id, held.country)
     IS NOT DISTINCT FROM
     (fresh.invoice, fresh.stock_code, fresh.description, fresh.quantity, fresh.invoice_date, fresh.price, fresh.customer_id, fresh.country);
