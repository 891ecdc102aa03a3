-- rfm_scores(as_of): one row per customer with recency, frequency, monetary and their 1..5 scores, as the
-- metric definitions say (docs/metrics.md). A function because two metric queries and the segment briefs
-- read the same scores; the segment names are applied by the caller's (r, f) grid.
CREATE FUNCTION rfm_scores(as_of timestamp)
RETURNS TABLE (
  customer_id   integer,
  recency_days  integer,
  frequency     integer,
  monetary      numeric,
  r             integer,
  f             integer,
  m             integer
)
LANGUAGE sql STABLE
AS $$
  WITH per_customer AS (
    SELECT i.customer_id,
           (as_of::date - max(i.invoiced_at)::date) AS recency_days,
           count(*)::int AS frequency,
           sum(i.amount) AS monetary
    FROM invoice AS i
    WHERE i.kind = 'order' AND i.customer_id IS NOT NULL AND i.invoiced_at < as_of
    GROUP BY i.customer_id
    HAVING sum(i.amount) > 0
  )
  SELECT customer_id,
         recency_days,
         frequency,
         monetary,
         ntile(5) OVER (ORDER BY recency_days DESC, customer_id)::int,
         ntile(5) OVER (ORDER BY frequency, customer_id)::int,
         ntile(5) OVER (ORDER BY monetary, customer_id)::int
  FROM per_customer
$$;
