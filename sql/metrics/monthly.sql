-- Parameters: $1 timestamp as-of (invoices before it count).
-- One row per calendar month from the first month with data to the month holding the last invoice before
-- the as-of. A month the data window [first day of data, min(as-of, day after last invoice)) does not
-- cover entirely is partial.
WITH bounds AS (
  SELECT date_trunc('day', min(invoiced_at)) AS data_start,
         least($1::timestamp, date_trunc('day', max(invoiced_at)) + interval '1 day') AS data_end
  FROM invoice
  WHERE kind <> 'adjustment' AND invoiced_at < $1::timestamp
), months AS (
  SELECT generate_series(date_trunc('month', data_start), date_trunc('month', data_end - interval '1 microsecond'), interval '1 month') AS month
  FROM bounds
), per_month AS (
  SELECT date_trunc('month', invoiced_at) AS month,
         count(*) FILTER (WHERE kind = 'order') AS placed_orders,
         count(*) FILTER (WHERE kind = 'cancellation') AS cancelled_orders,
         sum(amount) AS sales,
         count(DISTINCT customer_id) FILTER (WHERE kind = 'order') AS active_customers
  FROM invoice
  WHERE kind <> 'adjustment' AND invoiced_at < $1::timestamp
  GROUP BY 1
), first_orders AS (
  SELECT date_trunc('month', first_order_at) AS month, count(*) AS new_customers
  FROM customer
  WHERE first_order_at < $1::timestamp
  GROUP BY 1
), series AS (
  SELECT months.month,
         coalesce(p.placed_orders, 0) AS placed_orders,
         coalesce(p.cancelled_orders, 0) AS cancelled_orders,
         coalesce(p.sales, 0) AS sales,
         coalesce(p.active_customers, 0) AS active_customers,
         coalesce(f.new_customers, 0) AS new_customers
  FROM months
  LEFT JOIN per_month AS p USING (month)
  LEFT JOIN first_orders AS f USING (month)
)
SELECT to_char(s.month, 'YYYY-MM') AS month,
       s.placed_orders::int AS placed_orders,
       s.cancelled_orders::int AS cancelled_orders,
       round(s.sales, 2)::float8 AS sales,
       ((s.sales - lag(s.sales) OVER w) / nullif(lag(s.sales) OVER w, 0))::float8 AS sales_growth,
       s.active_customers::int AS active_customers,
       s.new_customers::int AS new_customers,
       (s.active_customers - s.new_customers)::int AS existing_customers,
       (s.month < b.data_start OR s.month + interval '1 month' > b.data_end) AS partial
FROM series AS s
CROSS JOIN bounds AS b
WINDOW w AS (ORDER BY s.month)
ORDER BY s.month
