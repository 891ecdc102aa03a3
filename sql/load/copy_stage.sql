-- Parameters: none; data arrives as text-format COPY rows, one per valid line of the file.
COPY load_stage (source_line, line_hash, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country) FROM STDIN
