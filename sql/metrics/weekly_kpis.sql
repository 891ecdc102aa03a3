-- Parameters: $1 timestamp start of the previous week, $2 start of the report week, $3 end of the report
-- week (exclusive). One row per week: net sales, orders, average order value (orders only), cancellation
-- rate, active and new customers. A customer is new in the week their first order falls in (`customer`
-- keeps it), and that order is one of the week's: counted from `customer` alone, not by joining every
-- invoice of the week with it.
WITH weeks (week, starts, ends) AS (
  VALUES ('previous', $1::timestamp, $2::timestamp), ('current', $2::timestamp, $3::timestamp)
)
SELECT w.week,
       to_char(w.starts, 'YYYY-MM-DD') AS week_start,
       coalesce(round(sum(i.amount), 2), 0)::float8 AS sales,
       count(*) FILTER (WHERE i.kind = 'order')::int AS orders,
       round(sum(i.amount) FILTER (WHERE i.kind = 'order') / nullif(count(*) FILTER (WHERE i.kind = 'order'), 0), 2)::float8
         AS average_order_value,
       (count(*) FILTER (WHERE i.kind = 'cancellation')::numeric / nullif(count(i.invoice), 0))::float8 AS cancellation_rate,
       count(DISTINCT i.customer_id) FILTER (WHERE i.kind = 'order')::int AS active_customers,
       (SELECT count(*) FROM customer AS c WHERE c.first_order_at >= w.starts AND c.first_order_at < w.ends)::int AS new_customers
FROM weeks AS w
LEFT JOIN invoice AS i
  ON i.invoiced_at >= w.starts AND i.invoiced_at < w.ends AND i.kind IN ('order', 'cancellation')
GROUP BY w.week, w.starts, w.ends
ORDER BY w.starts
