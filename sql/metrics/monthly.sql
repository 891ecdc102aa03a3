-- Parameters: $1 timestamp as-of (invoices before it count).
-- One row per calendar month from the first month with data to the month holding the last invoice before
-- the as-of. A month the data window [first day of data, min(as-of, day after last invoice)) does not
-- cover entirely is partial. Whole months before the as-of's month come from the summaries (invoice_month;
-- cohort_month: customers with an order per cohort, whose diagonal is the month's new customers), the
-- as-of's own month up to the as-of from `invoice`.
WITH per_month AS (
  SELECT m.month::timestamp AS month,
         m.placed_orders::bigint AS placed_orders,
         m.cancelled_orders::bigint AS cancelled_orders,
         m.sales,
         m.first_invoice_at,
         m.last_invoice_at,
         coalesce((SELECT sum(c.customers) FROM cohort_month AS c WHERE c.month = m.month), 0)::bigint AS active_customers,
         coalesce((SELECT c.customers FROM cohort_month AS c WHERE c.month = m.month AND c.cohort = m.month), 0)::bigint AS new_customers
  FROM invoice_month AS m
  WHERE m.month < date_trunc('month', $1::timestamp)
  UNION ALL
  SELECT date_trunc('month', i.invoiced_at),
         count(*) FILTER (WHERE i.kind = 'order'),
         count(*) FILTER (WHERE i.kind = 'cancellation'),
         sum(i.amount),
         min(i.invoiced_at),
         max(i.invoiced_at),
         count(DISTINCT i.customer_id) FILTER (WHERE i.kind = 'order'),
         count(DISTINCT i.customer_id) FILTER (WHERE i.kind = 'order' AND c.first_order_at >= date_trunc('month', $1::timestamp))
  FROM invoice AS i
  LEFT JOIN customer AS c ON c.customer_id = i.customer_id
  WHERE i.kind <> 'adjustment' AND i.invoiced_at >= date_trunc('month', $1::timestamp) AND i.invoiced_at < $1::timestamp
  GROUP BY 1
), bounds AS (
  SELECT date_trunc('day', min(first_invoice_at)) AS data_start,
         least($1::timestamp, date_trunc('day', max(last_invoice_at)) + interval '1 day') AS data_end
  FROM per_month
), months AS (
  SELECT generate_series(date_trunc('month', data_start), date_trunc('month', data_end - interval '1 microsecond'), interval '1 month') AS month
  FROM bounds
), series AS (
  SELECT months.month,
         coalesce(p.placed_orders, 0) AS placed_orders,
         coalesce(p.cancelled_orders, 0) AS cancelled_orders,
         coalesce(p.sales, 0) AS sales,
         coalesce(p.active_customers, 0) AS active_customers,
         coalesce(p.new_customers, 0) AS new_customers
  FROM months
  LEFT JOIN per_month AS p USING (month)
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
