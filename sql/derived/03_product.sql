-- Script (no parameters): rebuilds `product` and `product_week`.
-- A stock code's description is its most frequent one (the shop edits descriptions over time; ties go to
-- the alphabetically first). Postage, carriage, fees, discounts, manual entries, tests and gift vouchers
-- are not merchandise, so the popularity lists leave them out; they still count in sales.
CREATE TEMP TABLE rebuilt_description ON COMMIT DROP AS
SELECT stock_code, description, count(*) AS lines
FROM invoice_line
GROUP BY stock_code, description;
TRUNCATE product;
INSERT INTO product (stock_code, description, is_merchandise)
SELECT DISTINCT ON (stock_code)
       stock_code,
       description,
       stock_code !~ '^(POST|DOT|M|m|C2|D|S|B|BANK CHARGES|AMAZONFEE|PADS|CRUK|ADJUST[0-9]*|TEST[0-9]*|gift_.*)$'
FROM rebuilt_description
ORDER BY stock_code, (description IS NULL), lines DESC, description;

CREATE TEMP TABLE rebuilt_product_week ON COMMIT DROP AS
SELECT date_trunc('week', invoice_date)::date AS week_start,
       stock_code,
       sum(quantity) AS quantity,
       sum(quantity * price) AS sales,
       count(*) FILTER (WHERE left(invoice, 1) <> 'C') AS order_lines,
       count(*) FILTER (WHERE left(invoice, 1) = 'C') AS cancellation_lines,
       coalesce(-sum(quantity) FILTER (WHERE left(invoice, 1) = 'C'), 0) AS cancelled_quantity
FROM invoice_line
WHERE left(invoice, 1) <> 'A'
GROUP BY 1, 2;
TRUNCATE product_week;
INSERT INTO product_week (week_start, stock_code, quantity, sales, order_lines, cancellation_lines, cancelled_quantity)
SELECT week_start, stock_code, quantity, sales, order_lines, cancellation_lines, cancelled_quantity
FROM rebuilt_product_week;
