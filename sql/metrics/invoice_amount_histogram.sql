-- Parameters: $1 timestamp as-of; $2 numeric upper bound (the p85 amount); $3 int number of bins.
-- Order invoices with 0 < amount <= upper bound, counted in equal-width bins from 0 to the bound. The
-- long tail above p85 is left out of the histogram on purpose (it would squash the bars into one).
WITH bins AS (
  SELECT b AS bin, ($2::numeric * (b - 1) / $3)::float8 AS bin_start, ($2::numeric * b / $3)::float8 AS bin_end
  FROM generate_series(1, $3::int) AS b
), binned AS (
  SELECT least(width_bucket(amount, 0, $2::numeric, $3::int), $3::int) AS bin, count(*) AS invoices
  FROM invoice
  WHERE kind = 'order' AND amount > 0 AND amount <= $2::numeric AND invoiced_at < $1::timestamp
  GROUP BY 1
)
SELECT bins.bin_start, bins.bin_end, coalesce(binned.invoices, 0)::int AS invoices
FROM bins
LEFT JOIN binned USING (bin)
ORDER BY bins.bin
