-- Parameters: $1 timestamp from, $2 timestamp to (exclusive).
-- Customers with at least one order invoice in [from, to) and the value of those orders, or nulls when
-- the data does not reach back to `from`: a window the warehouse only partly covers would understate it.
-- A week's slack lets a window that starts a day before the data (2009-11-30 for data from 2009-12-01)
-- count; it misses at most a week of a half-year or so.
SELECT CASE WHEN covered THEN customers END AS customers,
       CASE WHEN covered THEN spend END AS spend
FROM (SELECT (SELECT min(invoiced_at)::date FROM invoice) <= $1::timestamp::date + 7 AS covered,
             count(DISTINCT customer_id)::int AS customers,
             coalesce(sum(amount), 0)::float8 AS spend
      FROM invoice
      WHERE kind = 'order' AND customer_id IS NOT NULL AND invoiced_at >= $1::timestamp AND invoiced_at < $2::timestamp) AS w
