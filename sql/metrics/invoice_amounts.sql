-- Parameters: $1 timestamp as-of (invoices before it count).
-- Distribution of order invoice amounts over the orders whose amount is positive. Percentiles are
-- continuous, computed as percentile_cont does (linear interpolation, pandas' default quantile): for
-- fraction p of n amounts in order, the amounts at 0-based rows floor(p·(n−1)) and ceil(p·(n−1)),
-- interpolated in double precision. The amounts come counted (order_amount_month for whole months before
-- the as-of's month, one row per invoice of the as-of's month before the as-of), so rows are located by
-- running counts over some ten thousand distinct amounts instead of sorting every invoice. Ordering by the
-- double-precision value is enough: amounts equal as doubles give the same interpolated value.
WITH amounts AS (
  SELECT amount, invoices, amount_sum
  FROM order_amount_month
  WHERE month < date_trunc('month', $1::timestamp)
  UNION ALL
  SELECT amount, 1, amount
  FROM invoice
  WHERE kind = 'order' AND amount > 0 AND invoiced_at >= date_trunc('month', $1::timestamp) AND invoiced_at < $1::timestamp
), totals AS (
  SELECT sum(invoices) AS n, sum(amount_sum) AS amount_sum, min(amount) AS min, max(amount) AS max FROM amounts
), fractions AS (
  SELECT v.p, floor(v.p * (t.n - 1)::float8)::bigint AS first_row, ceil(v.p * (t.n - 1)::float8)::bigint AS second_row,
         v.p * (t.n - 1)::float8 - floor(v.p * (t.n - 1)::float8) AS proportion
  FROM (VALUES (0.25::float8), (0.50::float8), (0.75::float8), (0.85::float8)) AS v (p)
  CROSS JOIN totals AS t
), ranked AS (
  -- rows [rows_through - invoices, rows_through) of the sorted amounts hold this value
  SELECT amount::float8 AS value, invoices, sum(invoices) OVER (ORDER BY amount::float8 ROWS UNBOUNDED PRECEDING) AS rows_through
  FROM amounts
), bounds AS (
  -- the value at each 0-based row the fractions need: one pass over the running counts
  SELECT f.p,
         min(r.value) FILTER (WHERE f.first_row < r.rows_through AND f.first_row >= r.rows_through - r.invoices) AS lo,
         min(r.value) FILTER (WHERE f.second_row < r.rows_through AND f.second_row >= r.rows_through - r.invoices) AS hi
  FROM fractions AS f
  CROSS JOIN ranked AS r
  GROUP BY f.p
), percentiles AS (
  SELECT f.p,
         CASE WHEN f.first_row = f.second_row THEN b.lo ELSE b.lo + (f.proportion * (b.hi - b.lo)) END AS value
  FROM fractions AS f
  JOIN bounds AS b USING (p)
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
