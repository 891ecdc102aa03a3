-- Parameters: none. The one-row summary of what the warehouse holds (rebuilt by every load).
SELECT distinct_lines, duplicate_copies, order_lines, cancellation_lines, adjustment_lines, lines_without_customer,
       zero_price_lines, negative_price_lines,
       to_char(first_invoice_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS first_invoice_at,
       to_char(last_invoice_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS last_invoice_at,
       (SELECT count(*)::int FROM invoice WHERE kind = 'adjustment') AS adjustment_invoices,
       (SELECT coalesce(round(sum(amount), 2), 0)::float8 FROM invoice WHERE kind = 'adjustment') AS adjustment_amount
FROM warehouse_quality
