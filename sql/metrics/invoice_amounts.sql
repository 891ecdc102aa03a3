-- Parameters: $1 timestamp as-of (invoices before it count).
-- Distribution of order invoice amounts over the orders whose amount is positive. Percentiles are
-- continuous, as percentile_cont computes them (linear interpolation, pandas' default quantile): for
-- fraction p of n amounts in order, the amounts at 0-based rows floor(p·(n−1)) and ceil(p·(n−1)),
-- interpolated in double precision as PostgreSQL does. The amounts are counted per distinct value
-- (order_amount_month for whole months before the as-of's month, `invoice` for the rest), so the rows
-- are found from cumulative counts instead of sorting every invoice.
WITH counted AS (
  SELECT amount, sum(invoices) AS invoices, sum(amount_sum) AS amount_sum
  FROM (
    SELECT amount, invoices::bigint AS invoices, amount_sum
    FROM order_amount_month
    WHERE month < date_trunc('month', $1::timestamp)
    UNION ALL
    SELECT trim_scale(amount), count(*), sum(amount)
    FROM invoice
    WHERE kind = 'order' AND amount > 0 AND invoiced_at >= date_trunc('month', $1::timestamp) AND invoiced_at < $1::timestamp
    GROUP BY 1
  ) AS parts
  GROUP BY amount
), ranked AS (
  SELECT amount, sum(invoices) OVER (ORDER BY amount ROWS UNBOUNDED PRECEDING) - invoices AS rows_before, invoices
  FROM counted
), totals AS (
  SELECT sum(invoices) AS n, sum(amount_sum) AS amount_sum, min(amount) AS min, max(amount) AS max FROM counted
), fractions AS (
  SELECT p, floor(p * (t.n - 1)::float8) AS first_row, ceil(p * (t.n - 1)::float8) AS second_row, p * (t.n - 1)::float8 AS position
  FROM (VALUES (0.25::float8), (0.50::float8), (0.75::float8), (0.85::float8)) AS v (p)
  CROSS JOIN totals AS t
), percentiles AS (
  SELECT f.p,
         CASE WHEN f.first_row = f.second_row THEN lo.amount::float8
              ELSE lo.amount::float8 + ((f.position - f.first_row) * (hi.amount::float8 - lo.amount::float8)) END AS value
  FROM fractions AS f
  JOIN ranked AS lo ON f.first_row >= lo.rows_before AND f.first_row < lo.rows_before + lo.invoices
  JOIN ranked AS hi ON f.second_row >= hi.rows_before AND f.second_row < hi.rows_before + hi.invoices
)
SELECT coalesce(t.n, 0)::int AS count,
       round(t.amount_sum / t.n, 2)::float8 AS mean,
       round(t.min, 2)::float8 AS min,
       round((SELECT value FROM percentiles WHERE p = 0.25)::numeric, 2)::float8 AS p25,
       round((SELECT value FROM percentiles WHERE p = 0.50)::numeric, 2)::float8 AS median,
       round((SELECT value FROM percentiles WHERE p = 0.75)::numeric, 2)::float8 AS p75,
       round((SELECT value FROM percentiles WHERE p = 0.85)::numeric, 2)::float8 AS p85,
       round(t.max, 2)::float8 AS max
FROM totals AS t
