-- Script (no parameters): adds the new lines to `product_description` and `product_week`, then picks the
-- description of each stock code they touch again.
-- A stock code's description is its most frequent one over distinct lines (the shop edits descriptions
-- over time; ties go to the alphabetically first). Postage, carriage, fees, discounts, manual entries,
-- tests and gift vouchers are not merchandise, so the popularity lists leave them out; they still count
-- in sales.
CREATE TEMP TABLE product_description_delta ON COMMIT DROP AS
SELECT stock_code, description, count(*) AS lines FROM new_line GROUP BY stock_code, description;

INSERT INTO product_description AS d (stock_code, description, lines)
SELECT stock_code, description, lines FROM product_description_delta
ON CONFLICT ON CONSTRAINT product_description_key DO UPDATE SET lines = d.lines + excluded.lines;

INSERT INTO product AS p (stock_code, description, is_merchandise)
SELECT DISTINCT ON (stock_code)
       stock_code,
       description,
       stock_code !~ '^(POST|DOT|M|m|C2|D|S|B|BANK CHARGES|AMAZONFEE|PADS|CRUK|ADJUST[0-9]*|TEST[0-9]*|gift_.*)$'
FROM product_description
WHERE stock_code IN (SELECT stock_code FROM product_description_delta)
ORDER BY stock_code, (description IS NULL), lines DESC, description
ON CONFLICT (stock_code) DO UPDATE SET description = excluded.description, is_merchandise = excluded.is_merchandise;

-- Net quantity and sales per ISO week (Monday start) and stock code; orders and cancellations only. Weeks
-- already held are added to, new ones inserted: product_week has no unique key on (week, stock code) because
-- its text index cost 0.8 s per full load; loads are serialised (invoice_line lock), so keys stay unique.
-- Serial: on a first load (new_line is every line) parallel workers each build a partial hash table of
-- nearly every group and the leader then merges 370,000 partial numeric sums: 1.33 s against 0.93 s serial.
-- The setting the load runs with is put back after.
SELECT set_config('lgs.saved_parallel_workers', current_setting('max_parallel_workers_per_gather'), true);
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE product_week_delta ON COMMIT DROP AS
SELECT date_trunc('week', invoice_date)::date AS week_start,
       stock_code,
       sum(quantity) AS quantity,
       sum(quantity * price) AS sales,
       count(*) FILTER (WHERE left(invoice, 1) <> 'C') AS order_lines,
       count(*) FILTER (WHERE left(invoice, 1) = 'C') AS cancellation_lines,
       coalesce(-sum(quantity) FILTER (WHERE left(invoice, 1) = 'C'), 0) AS cancelled_quantity
FROM new_line
WHERE left(invoice, 1) <> 'A'
GROUP BY 1, 2;
SELECT set_config('max_parallel_workers_per_gather', current_setting('lgs.saved_parallel_workers'), true);

UPDATE product_week AS w
SET quantity = w.quantity + d.quantity,
    sales = w.sales + d.sales,
    order_lines = w.order_lines + d.order_lines,
    cancellation_lines = w.cancellation_lines + d.cancellation_lines,
    cancelled_quantity = w.cancelled_quantity + d.cancelled_quantity
FROM product_week_delta AS d
WHERE w.week_start = d.week_start AND w.stock_code = d.stock_code
  AND w.week_start BETWEEN (SELECT min(week_start) FROM product_week_delta) AND (SELECT max(week_start) FROM product_week_delta);

INSERT INTO product_week (week_start, stock_code, quantity, sales, order_lines, cancellation_lines, cancelled_quantity)
SELECT d.week_start, d.stock_code, d.quantity, d.sales, d.order_lines, d.cancellation_lines, d.cancelled_quantity
FROM product_week_delta AS d
WHERE NOT EXISTS (
  SELECT 1 FROM product_week AS w
  WHERE w.week_start = d.week_start AND w.stock_code = d.stock_code
    AND w.week_start BETWEEN (SELECT min(week_start) FROM product_week_delta) AND (SELECT max(week_start) FROM product_week_delta)
);
