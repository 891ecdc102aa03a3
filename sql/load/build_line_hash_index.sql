-- Script (no parameters): the index drop_line_hash_index.sql dropped, as migration 0006 defines it.
CREATE INDEX invoice_line_line_hash ON invoice_line (line_hash);
