-- Script (no parameters): the staged lines the warehouse did not hold become `new_line` (what the derived
-- tables are refreshed from, sql/derived) and are added to invoice_line.
CREATE TEMP TABLE new_line ON COMMIT DROP AS
SELECT invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, copies, load_id, source_line, line_hash
FROM incoming_match
WHERE held_row IS NULL;
INSERT INTO invoice_line (invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, copies, load_id, source_line, line_hash)
SELECT invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, copies, load_id, source_line, line_hash
FROM new_line;
