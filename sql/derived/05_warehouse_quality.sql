-- Script (no parameters): adds the new lines to the one-row `warehouse_quality` summary. `load_delta`
-- carries the copies this load added to lines the warehouse already held (a file with more copies of a
-- known line than any before it).
INSERT INTO warehouse_quality AS q
  (distinct_lines, duplicate_copies, order_lines, cancellation_lines, adjustment_lines, lines_without_customer,
   zero_price_lines, negative_price_lines, first_invoice_at, last_invoice_at)
SELECT count(*),
       coalesce(sum(copies - 1), 0) + (SELECT raised_copies FROM load_delta),
       count(*) FILTER (WHERE left(invoice, 1) NOT IN ('C', 'A')),
       count(*) FILTER (WHERE left(invoice, 1) = 'C'),
       count(*) FILTER (WHERE left(invoice, 1) = 'A'),
       count(*) FILTER (WHERE customer_id IS NULL),
       count(*) FILTER (WHERE price = 0),
       count(*) FILTER (WHERE price < 0),
       min(invoice_date),
       max(invoice_date)
FROM new_line
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
