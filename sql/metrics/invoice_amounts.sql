-- Parameters: $1 timestamp as-of (invoices before it count).
-- Distribution of order invoice amounts over the orders whose amount is positive. percentile_cont is
-- linear interpolation, as pandas' default quantile.
SELECT count(*)::int AS count,
       round(avg(amount), 2)::float8 AS mean,
       round(min(amount), 2)::float8 AS min,
       round(percentile_cont(0.25) WITHIN GROUP (ORDER BY amount)::numeric, 2)::float8 AS p25,
       round(percentile_cont(0.50) WITHIN GROUP (ORDER BY amount)::numeric, 2)::float8 AS median,
       round(percentile_cont(0.75) WITHIN GROUP (ORDER BY amount)::numeric, 2)::float8 AS p75,
       round(percentile_cont(0.85) WITHIN GROUP (ORDER BY amount)::numeric, 2)::float8 AS p85,
       round(max(amount), 2)::float8 AS max
FROM invoice
WHERE kind = 'order' AND amount > 0 AND invoiced_at < $1::timestamp
