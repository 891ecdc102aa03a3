-- Script (no parameters): recomputes `customer` for the customers the load touched (`touched_customer`,
-- from 01_invoice.sql) from their invoices; a customer's country is the one of their latest invoice.
-- Delete and insert rather than update: a customer can lose their last invoice to a smaller customer id
-- arriving on one of its lines, and must then disappear as a rebuild would drop them.
DELETE FROM customer WHERE customer_id IN (SELECT customer_id FROM touched_customer);
INSERT INTO customer (customer_id, first_order_at, country)
SELECT customer_id,
       min(invoiced_at) FILTER (WHERE kind = 'order'),
       (array_agg(country ORDER BY invoiced_at DESC, invoice DESC))[1]
FROM invoice
WHERE customer_id IN (SELECT customer_id FROM touched_customer) AND kind <> 'adjustment'
GROUP BY customer_id;
