-- Script (no parameters): the index drop_line_hash_index.sql dropped, as migration 0016 defines it.
CREATE INDEX invoice_line_date_hash ON invoice_line (invoice_date, line_hash);
