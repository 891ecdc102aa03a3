-- Script (no parameters): recomputes `customer_order_total` (each customer's order invoices, amount and
-- last order: RFM's inputs at the default as-of) for the customers the load touched (`touched_customer`,
-- from 01_invoice.sql), from their invoices. Delete and insert, as 02_customer.sql does: a customer can
-- lose their orders to a smaller customer id arriving on one of its lines.
DELETE FROM customer_order_total WHERE customer_id IN (SELECT customer_id FROM touched_customer);
INSERT INTO customer_order_total (customer_id, orders, monetary, last_order_at)
SELECT customer_id, count(*), sum(amount), max(invoiced_at)
FROM invoice
WHERE kind = 'order' AND customer_id IN (SELECT customer_id FROM touched_customer)
GROUP BY customer_id;
