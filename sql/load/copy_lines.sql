-- Parameters: none; data arrives as text-format COPY rows, one per valid line of the file, each carrying
-- this load's id. Lines go straight into invoice_line (no staging copy); the statements after it collapse
-- the file's exact duplicates and drop the lines the warehouse already held, in the same transaction.
COPY invoice_line (source_line, line_hash, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, load_id) FROM STDIN
