-- Parameters: $1 date from (a Monday, inclusive), $2 date to (a Monday, exclusive).
-- Customers (with an order), orders and net sales per country, largest sales first. Read from the weekly
-- summaries: orders and sales from country_week; a customer counts for a country once, on the week of
-- theirs in the period whose next week with an order there is at or after the period's end.
WITH sums AS (
  SELECT country, sum(orders) AS orders, sum(sales) AS sales
  FROM country_week
  WHERE week_start >= $1::date AND week_start < $2::date
  GROUP BY country
), buyers AS (
  SELECT country, count(*) AS customers
  FROM country_customer_week
  WHERE next_week_start >= $2::date AND week_start >= $1::date AND week_start < $2::date
  GROUP BY country
)
SELECT s.country,
       coalesce(b.customers, 0)::int AS customers,
       s.orders::int AS orders,
       round(s.sales, 2)::float8 AS sales
FROM sums AS s
LEFT JOIN buyers AS b USING (country)
ORDER BY s.sales DESC, s.country
