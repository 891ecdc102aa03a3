-- Script (no parameters): rebuilds `invoice` from the distinct invoice lines.
-- The invoice timestamp is its earliest line's: 83 invoices of the real data span two adjacent minutes.
-- Each derived table is built with CREATE TABLE AS first because that plan may run in parallel workers
-- (INSERT ... SELECT may not), which halves the rebuild on two cores; the copy into place is cheap.
CREATE TEMP TABLE rebuilt_invoice ON COMMIT DROP AS
SELECT invoice,
       CASE left(invoice, 1) WHEN 'C' THEN 'cancellation' WHEN 'A' THEN 'adjustment' ELSE 'order' END AS kind,
       min(customer_id) AS customer_id,
       min(country) AS country,
       min(invoice_date) AS invoiced_at,
       sum(quantity * price) AS amount,
       count(*) AS line_count,
       sum(quantity) AS quantity
FROM invoice_line
GROUP BY invoice;
TRUNCATE invoice;
INSERT INTO invoice (invoice, kind, customer_id, country, invoiced_at, amount, line_count, quantity)
SELECT invoice, kind, customer_id, country, invoiced_at, amount, line_count, quantity FROM rebuilt_invoice;
