-- Parameters: $1 timestamp as-of (invoices before it count).
-- Cohort retention: a cohort is the calendar month of a customer's first order invoice; for each cohort
-- and each month from it to the last month with data, the cohort's customers with at least one order
-- invoice in that month. A month the data window does not cover entirely is partial (as in monthly.sql).
WITH bounds AS (
  SELECT date_trunc('day', min(invoiced_at)) AS data_start,
         least($1::timestamp, date_trunc('day', max(invoiced_at)) + interval '1 day') AS data_end
  FROM invoice
  WHERE kind <> 'adjustment' AND invoiced_at < $1::timestamp
), orders AS (
  SELECT DISTINCT customer_id, date_trunc('month', invoiced_at) AS month
  FROM invoice
  WHERE kind = 'order' AND customer_id IS NOT NULL AND invoiced_at < $1::timestamp
), firsts AS (
  SELECT customer_id, min(month) AS cohort FROM orders GROUP BY customer_id
), sizes AS (
  SELECT cohort, count(*) AS size FROM firsts GROUP BY cohort
), months AS (
  SELECT generate_series(date_trunc('month', data_start), date_trunc('month', data_end - interval '1 microsecond'), interval '1 month') AS month
  FROM bounds
), active AS (
  SELECT f.cohort, o.month, count(*) AS customers
  FROM firsts AS f
  JOIN orders AS o USING (customer_id)
  GROUP BY f.cohort, o.month
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
