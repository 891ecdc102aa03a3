-- Script (no parameters): on a first load every line of invoice_line is new; the derived tables are
-- refreshed from all of them through this view (dropped again at the end of the load).
CREATE TEMP VIEW new_line AS SELECT * FROM invoice_line;
