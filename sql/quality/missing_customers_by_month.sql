-- Parameters: $1 timestamp as-of. Order and cancellation lines without a customer, per month.
SELECT to_char(date_trunc('month', day), 'YYYY-MM') AS month,
       sum(lines)::int AS lines,
       sum(lines_without_customer)::int AS lines_without_customer,
       (sum(lines_without_customer)::numeric / sum(lines))::float8 AS share,
       round(sum(sales_without_customer), 2)::float8 AS sales_without_customer
FROM line_coverage
WHERE day < $1::timestamp
GROUP BY 1
ORDER BY 1
