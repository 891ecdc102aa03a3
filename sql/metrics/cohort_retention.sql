-- Parameters: $1 timestamp as-of (invoices before it count).
-- Cohort retention: a cohort is the calendar month of a customer's first order invoice; for each cohort
-- and each month from it to the last month with data, the cohort's customers with at least one order
-- invoice in that month. A month the data window does not cover entirely is partial (as in monthly.sql).
-- Whole months before the as-of's month come from cohort_month (a customer with an order before the as-of
-- has their first order ever before it too, so the cohort is the month of customer.first_order_at; the
-- cohort's own month holds all its customers: its size), the as-of's month up to the as-of from `invoice`.
WITH month_start AS (
  SELECT date_trunc('month', $1::timestamp) AS month
), partial_orders AS (
  SELECT DISTINCT i.customer_id, date_trunc('month', c.first_order_at) AS cohort
  FROM invoice AS i
  JOIN customer AS c ON c.customer_id = i.customer_id
  WHERE i.kind = 'order' AND i.invoiced_at >= date_trunc('month', $1::timestamp) AND i.invoiced_at < $1::timestamp
), active AS (
  SELECT cohort::timestamp AS cohort, month::timestamp AS month, customers::bigint AS customers
  FROM cohort_month
  WHERE month < date_trunc('month', $1::timestamp)
  UNION ALL
  SELECT p.cohort, ms.month, count(*)
  FROM partial_orders AS p
  CROSS JOIN month_start AS ms
  GROUP BY p.cohort, ms.month
), sizes AS (
  SELECT cohort, customers AS size FROM active WHERE month = cohort
), window_ends AS (
  SELECT first_invoice_at, last_invoice_at
  FROM invoice_month
  WHERE month < date_trunc('month', $1::timestamp)
  UNION ALL
  SELECT min(invoiced_at), max(invoiced_at)
  FROM invoice
  WHERE kind <> 'adjustment' AND invoiced_at >= date_trunc('month', $1::timestamp) AND invoiced_at < $1::timestamp
), bounds AS (
  SELECT date_trunc('day', min(first_invoice_at)) AS data_start,
         least($1::timestamp, date_trunc('day', max(last_invoice_at)) + interval '1 day') AS data_end
  FROM window_ends
), months AS (
  SELECT generate_series(date_trunc('month', data_start), date_trunc('month', data_end - interval '1 microsecond'), interval '1 month') AS month
  FROM bounds
)
SELECT to_char(s.cohort, 'YYYY-MM') AS cohort,
       s.size::int AS size,
       ((extract(year FROM m.month) - extract(year FROM s.cohort)) * 12 + extract(month FROM m.month) - extract(month FROM s.cohort))::int AS months_since,
       coalesce(a.customers, 0)::int AS customers,
       (coalesce(a.customers, 0)::numeric / s.size)::float8 AS retention,
       (m.month < b.data_start OR m.month + interval '1 month' > b.data_end) AS partial
FROM sizes AS s
JOIN months AS m ON m.month >= s.cohort
LEFT JOIN active AS a ON a.cohort = s.cohort AND a.month = m.month
CROSS JOIN bounds AS b
ORDER BY s.cohort, m.month
