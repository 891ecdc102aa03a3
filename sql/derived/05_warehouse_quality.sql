-- Script (no parameters): rebuilds the one-row `warehouse_quality` summary.
CREATE TEMP TABLE rebuilt_quality ON COMMIT DROP AS
SELECT count(*) AS distinct_lines,
       coalesce(sum(copies - 1), 0) AS duplicate_copies,
       count(*) FILTER (WHERE left(invoice, 1) NOT IN ('C', 'A')) AS order_lines,
       count(*) FILTER (WHERE left(invoice, 1) = 'C') AS cancellation_lines,
       count(*) FILTER (WHERE left(invoice, 1) = 'A') AS adjustment_lines,
       count(*) FILTER (WHERE customer_id IS NULL) AS lines_without_customer,
       count(*) FILTER (WHERE price = 0) AS zero_price_lines,
       count(*) FILTER (WHERE price < 0) AS negative_price_lines,
       min(invoice_date) AS first_invoice_at,
       max(invoice_date) AS last_invoice_at
FROM invoice_line;
TRUNCATE warehouse_quality;
INSERT INTO warehouse_quality
  (distinct_lines, duplicate_copies, order_lines, cancellation_lines, adjustment_lines, lines_without_customer,
   zero_price_lines, negative_price_lines, first_invoice_at, last_invoice_at)
SELECT distinct_lines, duplicate_copies, order_lines, cancellation_lines, adjustment_lines, lines_without_customer,
       zero_price_lines, negative_price_lines, first_invoice_at, last_invoice_at
FROM rebuilt_quality;
