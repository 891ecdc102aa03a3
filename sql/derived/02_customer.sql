-- Script (no parameters): rebuilds `customer`; a customer's country is the one of their latest invoice.
TRUNCATE customer;
INSERT INTO customer (customer_id, first_order_at, country)
SELECT customer_id,
       min(invoiced_at) FILTER (WHERE kind = 'order'),
       (array_agg(country ORDER BY invoiced_at DESC, invoice DESC))[1]
FROM invoice
WHERE customer_id IS NOT NULL AND kind <> 'adjustment'
GROUP BY customer_id;
