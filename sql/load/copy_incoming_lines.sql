-- Parameters: none; data arrives as text-format COPY rows, one per valid line of the source, each carrying
-- this load's id. Used when the warehouse already holds lines: the source's lines are staged in the
-- transaction's own temporary table (create_incoming_lines.sql) and only the unknown ones reach invoice_line.
COPY incoming_line (source_line, line_hash, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, load_id) FROM STDIN
