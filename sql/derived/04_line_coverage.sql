-- Script (no parameters): adds the new order and cancellation lines to `line_coverage` (lines with and
-- without a customer per day and country).
INSERT INTO line_coverage AS c (day, country, lines, lines_without_customer, sales, sales_without_customer)
SELECT invoice_date::date,
       country,
       count(*),
       count(*) FILTER (WHERE customer_id IS NULL),
       sum(quantity * price),
       coalesce(sum(quantity * price) FILTER (WHERE customer_id IS NULL), 0)
FROM new_line
WHERE left(invoice, 1) <> 'A'
GROUP BY 1, 2
ON CONFLICT (day, country) DO UPDATE
SET lines = c.lines + excluded.lines,
    lines_without_customer = c.lines_without_customer + excluded.lines_without_customer,
    sales = c.sales + excluded.sales,
    sales_without_customer = c.sales_without_customer + excluded.sales_without_customer;
