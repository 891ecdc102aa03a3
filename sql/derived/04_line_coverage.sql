-- Script (no parameters): rebuilds `line_coverage` (lines with and without a customer per day and
-- country).
CREATE TEMP TABLE rebuilt_line_coverage ON COMMIT DROP AS
SELECT invoice_date::date AS day,
       country,
       left(invoice, 1) = 'A' AS adjustment,
       count(*) AS lines,
       count(*) FILTER (WHERE customer_id IS NULL) AS lines_without_customer,
       sum(quantity * price) AS sales,
       coalesce(sum(quantity * price) FILTER (WHERE customer_id IS NULL), 0) AS sales_without_customer
FROM invoice_line
GROUP BY 1, 2, 3;
TRUNCATE line_coverage;
INSERT INTO line_coverage (day, country, lines, lines_without_customer, sales, sales_without_customer)
SELECT day, country, lines, lines_without_customer, sales, sales_without_customer
FROM rebuilt_line_coverage
WHERE NOT adjustment;
