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
), positions AS (
  -- the rows the fractions need, ascending (width_bucket counts how many are at or below a value)
  SELECT array_agg(k ORDER BY k) AS rows
  FROM (SELECT first_row AS k FROM fractions UNION SELECT second_row FROM fractions) AS wanted
), ranked AS (
  -- rows [rows_through - invoices, rows_through) of the sorted amounts hold this value
  SELECT amount::float8 AS value, invoices, (sum(invoices) OVER (ORDER BY amount::float8 ROWS UNBOUNDED PRECEDING))::bigint AS rows_through
  FROM amounts
), hits AS (
  SELECT r.value, r.rows_through - r.invoices AS first_row, r.rows_through
  FROM ranked AS r
  CROSS JOIN positions AS p
  WHERE width_bucket(r.rows_through - 1, p.rows) > width_bucket(r.rows_through - r.invoices - 1, p.rows)
  -- at most one row per wanted row: saying so keeps the planner's estimate (and JIT) out of the way
  LIMIT 8
), percentiles AS (
  SELECT f.p,
         CASE WHEN f.first_row = f.second_row THEN lo.value ELSE lo.value + (f.proportion * (hi.value - lo.value)) END AS value
  FROM fractions AS f
  JOIN hits AS lo ON f.first_row >= lo.first_row AND f.first_row < lo.rows_through
  JOIN hits AS hi ON f.second_row >= hi.first_row AND f.second_row < hi.rows_through
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
