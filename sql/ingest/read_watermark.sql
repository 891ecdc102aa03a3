-- Parameters: $1 text the source (table, and its database when it is not the warehouse's).
SELECT to_char(last_invoice_date, 'YYYY-MM-DD HH24:MI:SS') AS last_invoice_date FROM load_source_watermark WHERE source = $1
