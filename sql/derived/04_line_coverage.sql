-- Script (no parameters): adds the new order and cancellation lines to `line_coverage` (lines with and
-- without a customer per day and country). The sums are taken with CREATE TABLE AS first because that plan
-- may run in parallel workers (INSERT ... SELECT may not), which matters on a first load.
CREATE TEMP TABLE line_coverage_delta ON COMMIT DROP AS
SELECT invoice_date::date AS day,
       country,
       count(*) AS lines,
       count(*) FILTER (WHERE customer_id IS NULL) AS lines_without_customer,
       sum(quantity * price) AS sales,
       coalesce(sum(quantity * price) FILTER (WHERE customer_id IS NULL), 0) AS sales_without_customer
FROM new_line
WHERE left(invoice, 1) <> 'A'
GROUP BY 1, 2;

INSERT INTO line_coverage AS c (day, country, lines, lines_without_customer, sales, sales_without_customer)
SELECT day, country, lines, lines_without_customer, sales, sales_without_customer FROM line_coverage_delta
ON CONFLICT (day, country) DO UPDATE
SET lines = c.lines + excluded.lines,
    lines_without_customer = c.lines_without_customer + excluded.lines_without_customer,
    sales = c.sales + excluded.sales,
    sales_without_customer = c.sales_without_customer + excluded.sales_without_customer;
