-- Parameters: $1 timestamp as-of; $2 text method; $3 int customers scored.
-- Records the run of one as-of, replacing an earlier run of the same as-of (the caller deletes that run's
-- recommendations and inserts the new ones in the same transaction). learnt_until: the last order before it.
INSERT INTO recommendation_run (as_of, method, customers, learnt_until)
SELECT $1::timestamp, $2, $3,
       (SELECT max(invoiced_at) FROM invoice WHERE kind = 'order' AND invoiced_at < $1::timestamp)
ON CONFLICT (as_of) DO UPDATE
  SET method = excluded.method,
      customers = excluded.customers,
      learnt_until = excluded.learnt_until,
      computed_at = now()
