-- Script (no parameters): adds the new lines to `product_description` and `product_week`, then picks the
-- description of each stock code they touch again.
-- A stock code's description is its most frequent one over distinct lines (the shop edits descriptions
-- over time; ties go to the alphabetically first). Postage, carriage, fees, discounts, manual entries,
-- tests and gift vouchers are not merchandise, so the popularity lists leave them out; they still count
-- in sales.
INSERT INTO product_description AS d (stock_code, description, lines)
SELECT stock_code, description, count(*) FROM new_line GROUP BY stock_code, description
ON CONFLICT ON CONSTRAINT product_description_key DO UPDATE SET lines = d.lines + excluded.lines;

INSERT INTO product AS p (stock_code, description, is_merchandise)
SELECT DISTINCT ON (stock_code)
       stock_code,
       description,
       stock_code !~ '^(POST|DOT|M|m|C2|D|S|B|BANK CHARGES|AMAZONFEE|PADS|CRUK|ADJUST[0-9]*|TEST[0-9]*|gift_.*)$'
FROM product_description
WHERE stock_code IN (SELECT stock_code FROM new_line)
ORDER BY stock_code, (description IS NULL), lines DESC, description
ON CONFLICT (stock_code) DO UPDATE SET description = excluded.description, is_merchandise = excluded.is_merchandise;

-- Net quantity and sales per ISO week (Monday start) and stock code; orders and cancellations only.
INSERT INTO product_week AS w (week_start, stock_code, quantity, sales, order_lines, cancellation_lines, cancelled_quantity)
SELECT date_trunc('week', invoice_date)::date,
       stock_code,
       sum(quantity),
       sum(quantity * price),
       count(*) FILTER (WHERE left(invoice, 1) <> 'C'),
       count(*) FILTER (WHERE left(invoice, 1) = 'C'),
       coalesce(-sum(quantity) FILTER (WHERE left(invoice, 1) = 'C'), 0)
FROM new_line
WHERE left(invoice, 1) <> 'A'
GROUP BY 1, 2
ON CONFLICT (week_start, stock_code) DO UPDATE
SET quantity = w.quantity + excluded.quantity,
    sales = w.sales + excluded.sales,
    order_lines = w.order_lines + excluded.order_lines,
    cancellation_lines = w.cancellation_lines + excluded.cancellation_lines,
    cancelled_quantity = w.cancelled_quantity + excluded.cancelled_quantity;
