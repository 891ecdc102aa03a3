-- Script (no parameters): adds the new lines to the one-row `warehouse_quality` summary. `load_delta`
-- carries the copies this load added to lines the warehouse already held (a file with more copies of a
-- known line than any before it). The counts are taken with CREATE TABLE AS first because that plan may
-- run in parallel workers (INSERT ... SELECT may not): on a first load, 0.74 s -> 0.3 s here.
CREATE TEMP TABLE warehouse_quality_delta ON COMMIT DROP AS
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
FROM new_line;

INSERT INTO warehouse_quality AS q
  (distinct_lines, duplicate_copies, order_lines, cancellation_lines, adjustment_lines, lines_without_customer,
   zero_price_lines, negative_price_lines, first_invoice_at, last_invoice_at)
SELECT distinct_lines, duplicate_copies + (SELECT raised_copies FROM load_delta), order_lines, cancellation_lines, adjustment_lines,
       lines_without_customer, zero_price_lines, negative_price_lines, first_invoice_at, last_invoice_at
FROM warehouse_quality_delta
ON CONFLICT (singleton) DO UPDATE
SET distinct_lines = q.distinct_lines + excluded.distinct_lines,
    duplicate_copies = q.duplicate_copies + excluded.duplicate_copies,
    order_lines = q.order_lines + excluded.order_lines,
    cancellation_lines = q.cancellation_lines + excluded.cancellation_lines,
    adjustment_lines = q.adjustment_lines + excluded.adjustment_lines,
    lines_without_customer = q.lines_without_customer + excluded.lines_without_customer,
    zero_price_lines = q.zero_price_lines + excluded.zero_price_lines,
    negative_price_lines = q.negative_price_lines + excluded.negative_price_lines,
    first_invoice_at = least(q.first_invoice_at, excluded.first_invoice_at),
    last_invoice_at = greatest(q.last_invoice_at, excluded.last_invoice_at);
