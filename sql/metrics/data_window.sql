-- Parameters: none. The span of invoice dates in the warehouse and the default as-of instant (the day
-- after the last invoice, at 00:00).
SELECT to_char(first_invoice_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS first_invoice_at,
       to_char(last_invoice_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS last_invoice_at,
       to_char(date_trunc('day', last_invoice_at) + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS') AS default_as_of
FROM warehouse_quality
