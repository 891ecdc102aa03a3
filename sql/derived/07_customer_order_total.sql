-- Script (no parameters): recomputes `customer_order_total` (each customer's order invoices, amount and
-- last order: RFM's inputs at the default as-of) for the customers the load touched (`touched_customer`,
-- from 01_invoice.sql), from their invoices. Delete and insert, as 02_customer.sql does: a customer can
-- lose their orders to a smaller customer id arriving on one of its lines. Read customer by customer
-- through the invoice_customer index: the temporary table has no statistics, and a hash join would read
-- every invoice for an append's thousand customers.
DELETE FROM customer_order_total WHERE customer_id IN (SELECT customer_id FROM touched_customer);
INSERT INTO customer_order_total (customer_id, orders, monetary, last_order_at)
SELECT tc.customer_id, o.orders, o.monetary, o.last_order_at
FROM touched_customer AS tc
CROSS JOIN LATERAL (
  SELECT count(*) AS orders, sum(i.amount) AS monetary, max(i.invoiced_at) AS last_order_at
  FROM invoice AS i
  WHERE i.customer_id = tc.customer_id AND i.kind = 'order'
) AS o
WHERE o.orders > 0;
